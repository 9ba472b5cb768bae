// The one place that says where each national header field (domain README §4) sits in a CDA R2
// document. The national (Kanta) element paths are not all known: those marked `provisional` here and in
// docs/cda-mapping.md are arkki's own choices, made so that the document stays valid against the plain
// CDA R2 XSD. Replacing one means changing this module (and its XPath) only.

export const HL7_NS = 'urn:hl7-org:v3';
export const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';

/** CDA R2 typeId: fixed by the standard. */
export const CDA_TYPE_ID = { root: '2.16.840.1.113883.1.3', extension: 'POCD_HD000040' } as const;

/** HL7 Confidentiality (2.16.840.1.113883.5.25): social-welfare client documents are secret → R. */
export const CONFIDENTIALITY_SYSTEM = '2.16.840.1.113883.5.25';
export const CONFIDENTIALITY_CODE = { secret: 'R', public: 'N' } as const;

/** Henkilötunnus as an II root (domain README §11/§12). */
export const HETU_ROOT = '1.2.246.21';

/** Document-type code systems: .1505 clienthood/case/consent/denial, .1506 client documents. */
export const DOCUMENT_TYPE_SYSTEMS = ['1.2.246.537.6.1505', '1.2.246.537.6.1506'] as const;

/**
 * arkki's provisional arc for what has no national OID yet. Under 2.999 (ITU-T X.660 example arc, never
 * assigned) like the test PKI, so it cannot be mistaken for a national identifier. **provisional**
 */
export const ARKKI_CDA_ARC = '2.999.27551.3';
/** Process phases have no national code-system OID in data/codes yet. **provisional** */
export const PROCESS_PHASE_SYSTEM = `${ARKKI_CDA_ARC}.1`;
/** Code system of the local header items (name → value pairs below). **provisional** */
export const LOCAL_HEADER_SYSTEM = `${ARKKI_CDA_ARC}.2`;
/** Section code of the structured (phase 2) body. **provisional** */
export const STRUCTURED_SECTION_SYSTEM = `${ARKKI_CDA_ARC}.3`;
/** Root of the professional id (Valvira's register of social- and health-care professionals). **provisional** */
export const PROFESSIONAL_ID_ROOT = '1.2.246.537.26';

/** The national code system of each coded header field carried as documentationOf/serviceEvent/code. */
export const SERVICE_EVENT_SYSTEMS = {
  serviceTask: '1.2.246.537.6.1221',
  socialService: '1.2.246.537.6.1222',
  processPhase: PROCESS_PHASE_SYSTEM,
} as const;

/**
 * arkki's code systems of the PROVISIONAL values of those national sets (`provisionalOid` in data/codes,
 * ARKKI_CODE_SYSTEM_ARC): a placeholder such as x-iakkaat is written under these, never under the national
 * OID — inside a signed document that would be a false claim that cannot be taken back. **provisional**
 */
export const PROVISIONAL_SERVICE_EVENT_SYSTEMS = {
  serviceTask: '2.999.27551.4.1221',
  socialService: '2.999.27551.4.1222',
} as const;

/** Coded header field → the code systems it may be written in (national first) and the code set of its values. */
export const CODED_FIELDS = {
  serviceTask: { set: 'service-tasks', systems: [SERVICE_EVENT_SYSTEMS.serviceTask, PROVISIONAL_SERVICE_EVENT_SYSTEMS.serviceTask] },
  socialServices: {
    set: 'social-services',
    systems: [SERVICE_EVENT_SYSTEMS.socialService, PROVISIONAL_SERVICE_EVENT_SYSTEMS.socialService],
  },
  processPhase: { set: 'process-phases', systems: [SERVICE_EVENT_SYSTEMS.processPhase] },
} as const;
export type CodedField = keyof typeof CODED_FIELDS;

/** Language → languageCode (RFC 5646, the forms Kanta documents use); `other` is undetermined. */
export const LANGUAGE_CODES = { fi: 'fi-FI', sv: 'sv-FI', en: 'en-GB', other: 'und' } as const;

/**
 * Fields without a known CDA R2 place, carried as local header items: documentationOf/serviceEvent with
 * code = item name in LOCAL_HEADER_SYSTEM and the value as code/originalText. Kanta carries such fields in
 * its own extension (hl7fi:localHeader), which the plain CDA R2 XSD refuses. **provisional**
 */
export const LOCAL_ITEMS = [
  'register',
  'completed',
  'publicityBasis',
  'retentionRule',
  'citizenVisible',
  'citizenVisibleFrom',
  'format',
  'clienthoodLevel',
  'clienthoodServiceTask',
  'clienthoodServiceUnit',
  'clienthoodStart',
  'clienthoodEnd',
  'caseOpened',
  'caseClosed',
] as const;
export type LocalItem = (typeof LOCAL_ITEMS)[number];

const D = '/ClinicalDocument';
const localItem = (name: LocalItem) => `${D}/documentationOf/serviceEvent[code/@code='${name}']/code/originalText`;
const serviceEvent = (systems: readonly string[]) =>
  `${D}/documentationOf/serviceEvent/code[${systems.map((s) => `@codeSystem='${s}'`).join(' or ')}]/@code`;

/** Metadata field → the XPath of its value: every issue about a header field names it. */
export const FIELD_XPATH: Record<string, string> = {
  documentId: `${D}/id/@root`,
  setId: `${D}/setId/@root`,
  version: `${D}/versionNumber/@value`,
  replaces: `${D}/relatedDocument[@typeCode='RPLC']/parentDocument/id/@root`,
  documentType: `${D}/code/@code`,
  title: `${D}/title`,
  created: `${D}/effectiveTime/@value`,
  publicity: `${D}/confidentialityCode/@code`,
  language: `${D}/languageCode/@code`,
  client: `${D}/recordTarget/patientRole/id/@extension`,
  'client.issuer': `${D}/recordTarget/patientRole/id/@root`,
  'author.name': `${D}/author/assignedAuthor/assignedPerson/name`,
  'author.professionalId': `${D}/author/assignedAuthor/id/@extension`,
  'author.role': `${D}/author/functionCode/originalText`,
  serviceUnit: `${D}/author/assignedAuthor/representedOrganization/id/@root`,
  serviceProvider: `${D}/author/assignedAuthor/representedOrganization/asOrganizationPartOf/wholeOrganization/id/@root`,
  registerKeeper: `${D}/custodian/assignedCustodian/representedCustodianOrganization/id/@root`,
  serviceTask: serviceEvent(CODED_FIELDS.serviceTask.systems),
  socialServices: serviceEvent(CODED_FIELDS.socialServices.systems),
  processPhase: serviceEvent(CODED_FIELDS.processPhase.systems),
  'case.id': `${D}/componentOf/encompassingEncounter/id/@root`,
  'case.name': `${D}/componentOf/encompassingEncounter/code/originalText`,
  ...Object.fromEntries(LOCAL_ITEMS.map((name) => [name, localItem(name)])),
  // The metadata model's own field names (validate-metadata.ts) for fields carried as local items.
  author: `${D}/author`,
  case: `${D}/componentOf/encompassingEncounter`,
  'publicity.class': `${D}/confidentialityCode/@code`,
  'publicity.basis': localItem('publicityBasis'),
  'citizenVisible.from': localItem('citizenVisibleFrom'),
  clienthood: localItem('clienthoodLevel'),
  'clienthood.level': localItem('clienthoodLevel'),
  'clienthood.serviceTask': localItem('clienthoodServiceTask'),
  'clienthood.serviceUnit': localItem('clienthoodServiceUnit'),
  'clienthood.start': localItem('clienthoodStart'),
  'clienthood.end': localItem('clienthoodEnd'),
  caseRecord: localItem('caseOpened'),
  'caseRecord.opened': localItem('caseOpened'),
  'caseRecord.closed': localItem('caseClosed'),
};

/** The XPath of a metadata field; a list item (`socialServices[2]`) gets its position among its kind. */
export function xpathOf(field: string): string {
  const item = /^(.*)\[(\d+)\]$/.exec(field);
  const list = item ? FIELD_XPATH[item[1]!] : undefined;
  if (item && list?.endsWith('/@code')) return `(${list.slice(0, -'/@code'.length)})[${Number(item[2]) + 1}]/@code`;
  return FIELD_XPATH[field] ?? `${D} (${field})`;
}

/** ISO 8601 timestamp → HL7 TS (YYYYMMDDHHMMSS[.fff]±ZZZZ); `Z` is written +0000. */
export function isoToTs(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`'${iso}' is not an ISO 8601 timestamp with a time zone`);
  const [, y, mo, d, h, mi, s = '00', frac = '', zone] = m as unknown as string[];
  return `${y}${mo}${d}${h}${mi}${s}${frac}${zone === 'Z' ? '+0000' : zone!.replace(':', '')}`;
}

/** HL7 TS with seconds and zone → ISO 8601; +0000 reads back as `Z`. Null when the form is not that. */
export function tsToIso(ts: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\.\d+)?([+-]\d{4})$/.exec(ts);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac = '', zone] = m as unknown as string[];
  const z = zone === '+0000' ? 'Z' : `${zone!.slice(0, 3)}:${zone!.slice(3)}`;
  return `${y}-${mo}-${d}T${h}:${mi}:${s}${frac}${z}`;
}
