// Reads a CDA R2 document (untrusted: parsed only through safe-xml) back into DocumentMetadata and its
// body. Places come from cda-mapping.ts, like the generator's. Every issue's `field` is the XPath of the
// element or attribute at fault, so a sender can find it; the national rules (codes, OIDs, henkilötunnus
// check) are applied by national-header-rules.ts on the result.
import type { Document, Element } from '@xmldom/xmldom';
import type { Issue } from '../errors.ts';
import type { ClientId } from '../identifiers/client-id.ts';
import { parseXmlSafely, type SafeXmlOptions } from '../xml/safe-xml.ts';
import { JSON_MEDIA_TYPE } from './cda-header.ts';
import {
  CONFIDENTIALITY_CODE,
  HETU_ROOT,
  HL7_NS,
  LANGUAGE_CODES,
  CODED_FIELDS,
  FIELD_XPATH,
  LOCAL_HEADER_SYSTEM,
  tsToIso,
  type CodedField,
  type LocalItem,
} from './cda-mapping.ts';
import type { DocumentMetadata, LocalItemValues } from './cda-types.ts';
import { fromLocalItems } from './cda-local-items.ts';

/** `json` of a structured body: the content's bytes as the signer encoded them (base64-decoded, not re-serialised). */
export type ParsedBody = { kind: 'pdf'; data: Buffer } | { kind: 'structured'; content: unknown; json: Buffer; narrative: string };

export interface ParsedCda {
  metadata: DocumentMetadata;
  body: ParsedBody;
  /** templateId/@root: the structure OID the document claims to follow. */
  structureOid?: string;
  /** The document-type code system (.1505 / .1506) named in /ClinicalDocument/code. */
  documentTypeSystem?: string;
  /** The code system each coded header value was written in (national or arkki's provisional one), in order. */
  codedSystems?: { serviceTask?: string; socialServices: string[]; processPhase?: string };
}

export type ParseResult = { ok: true; cda: ParsedCda } | { ok: false; issues: Issue[] };

/** Walks the tree by element names in the HL7 namespace, building each node's XPath on the way. */
class Reader {
  readonly issues: Issue[] = [];

  children(parent: Element, name: string): Element[] {
    const out: Element[] = [];
    for (let n = parent.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === HL7_NS) out.push(n as Element);
    }
    return out;
  }

  /** The single child `name`; an issue (at path/name) when it is missing and `required`. */
  one(parent: Element | undefined, path: string, name: string, required = true): Element | undefined {
    if (!parent) return undefined;
    const found = this.children(parent, name);
    if (found.length === 0 && required) this.fail(`${path}/${name}`, 'required', `element ${name} is missing`);
    return found[0];
  }

  attr(e: Element | undefined, path: string, name: string, required = true): string | undefined {
    if (!e) return undefined;
    const v = e.getAttribute(name);
    if (v === null || v.trim() === '') {
      if (required) this.fail(`${path}/@${name}`, 'required', `attribute ${name} is missing or empty`);
      return undefined;
    }
    return v;
  }

  text(e: Element | undefined, path: string, required = true): string | undefined {
    const v = e?.textContent?.trim();
    if (e && !v && required) this.fail(path, 'required', 'text is empty');
    return v || undefined;
  }

  fail(path: string, rule: string, message: string): void {
    this.issues.push({ field: path, rule, message });
  }
}

const D = '/ClinicalDocument';

function time(r: Reader, e: Element | undefined, path: string): string | undefined {
  const ts = r.attr(e, path, 'value');
  if (ts === undefined) return undefined;
  const iso = tsToIso(ts);
  if (iso === null)
    r.fail(`${path}/@value`, 'timestamp', `'${ts}' is not an HL7 timestamp with seconds and time zone (YYYYMMDDHHMMSS±ZZZZ)`);
  return iso ?? undefined;
}

function reverse<K extends string, V extends string>(map: Record<K, V>): Map<string, K> {
  return new Map(Object.entries(map).map(([k, v]) => [v as string, k as K]));
}

interface CodedValue {
  code: string;
  system: string;
}

/** documentationOf/serviceEvent codes by coded field (in document order) and the local header items. */
function serviceEvents(r: Reader, root: Element): { coded: Map<CodedField, CodedValue[]>; local: LocalItemValues } {
  const coded = new Map<CodedField, CodedValue[]>();
  const fieldOf = new Map<string, CodedField>();
  for (const [field, { systems }] of Object.entries(CODED_FIELDS)) for (const s of systems) fieldOf.set(s, field as CodedField);
  const local: LocalItemValues = {};
  r.children(root, 'documentationOf').forEach((doc, i) => {
    const path = `${D}/documentationOf[${i + 1}]/serviceEvent/code`;
    const code = r.one(r.one(doc, `${D}/documentationOf[${i + 1}]`, 'serviceEvent'), `${D}/documentationOf[${i + 1}]/serviceEvent`, 'code');
    const value = r.attr(code, path, 'code');
    const system = r.attr(code, path, 'codeSystem');
    if (value === undefined || system === undefined) return;
    if (system === LOCAL_HEADER_SYSTEM) {
      const text = r.text(r.one(code, path, 'originalText'), `${path}/originalText`);
      if (local[value as LocalItem] !== undefined) r.fail(`${path}/@code`, 'unique', `local header item ${value} is given twice`);
      local[value as LocalItem] = text;
    } else {
      // A code system that is no header field's is ignored, as before (another party's documentationOf).
      const field = fieldOf.get(system);
      if (field) coded.set(field, [...(coded.get(field) ?? []), { code: value, system }]);
    }
  });
  return { coded, local };
}

function client(r: Reader, root: Element): ClientId | undefined {
  const path = `${D}/recordTarget/patientRole/id`;
  const id = r.one(r.one(r.one(root, D, 'recordTarget'), `${D}/recordTarget`, 'patientRole'), `${D}/recordTarget/patientRole`, 'id');
  const issuer = r.attr(id, path, 'root');
  const value = r.attr(id, path, 'extension');
  if (issuer === undefined || value === undefined) return undefined;
  return issuer === HETU_ROOT ? { kind: 'hetu', value } : { kind: 'temporary', issuerOid: issuer, value };
}

function body(r: Reader, root: Element): ParsedBody | undefined {
  const component = r.one(root, D, 'component');
  if (!component) return undefined;
  const nonXml = r.one(component, `${D}/component`, 'nonXMLBody', false);
  if (nonXml) {
    const path = `${D}/component/nonXMLBody/text`;
    const text = r.one(nonXml, `${D}/component/nonXMLBody`, 'text');
    const mediaType = r.attr(text, path, 'mediaType');
    if (text && mediaType !== 'application/pdf')
      r.fail(`${path}/@mediaType`, 'media-type', `phase I body must be application/pdf, got '${mediaType}'`);
    if (text && text.getAttribute('representation') !== 'B64')
      r.fail(`${path}/@representation`, 'representation', 'the PDF must be carried as B64');
    return { kind: 'pdf', data: Buffer.from(r.text(text, path) ?? '', 'base64') };
  }
  const sp = `${D}/component/structuredBody/component/section`;
  const section = r.one(
    r.one(r.one(component, `${D}/component`, 'structuredBody'), `${D}/component/structuredBody`, 'component'),
    `${D}/component/structuredBody/component`,
    'section',
  );
  const value = r.one(r.one(r.one(section, sp, 'entry'), `${sp}/entry`, 'observationMedia'), `${sp}/entry/observationMedia`, 'value');
  if (!section || !value) return undefined;
  const vp = `${sp}/entry/observationMedia/value`;
  if (value.getAttribute('mediaType') !== JSON_MEDIA_TYPE)
    r.fail(`${vp}/@mediaType`, 'media-type', `structured content must be ${JSON_MEDIA_TYPE}`);
  let content: unknown;
  const json = Buffer.from(r.text(value, vp) ?? '', 'base64');
  try {
    content = JSON.parse(json.toString('utf8'));
  } catch (e) {
    r.fail(vp, 'json', `structured content is not base64 JSON: ${(e as Error).message}`);
  }
  const narrative = r.one(section, sp, 'text');
  return { kind: 'structured', content, json, narrative: narrative?.toString() ?? '' };
}

/** Parses and maps the document; on any issue returns them all (XPaths) instead of a partial result. */
export function parseCda(xml: string | Uint8Array, options: SafeXmlOptions = {}): ParseResult {
  const parsed = parseXmlSafely(xml, { field: 'cda', ...options });
  if (!parsed.ok) return { ok: false, issues: [parsed.issue] };
  return parseCdaDocument(parsed.document);
}

/**
 * Maps an already parsed document. Ingest uses this on the DOM that signature verification returns, so
 * the header is read from exactly the bytes the signature covers and the input is not parsed again.
 */
export function parseCdaDocument(doc: Document): ParseResult {
  const root = doc.documentElement!;
  if (root.localName !== 'ClinicalDocument' || root.namespaceURI !== HL7_NS) {
    return {
      ok: false,
      issues: [
        {
          field: '/',
          rule: 'root',
          message: `root element must be ClinicalDocument in ${HL7_NS}, got ${root.localName} in ${root.namespaceURI ?? 'no namespace'}`,
        },
      ],
    };
  }
  const r = new Reader();
  const one = (name: string, required = true) => r.one(root, D, name, required);
  const code = one('code');
  const confidentiality = r.attr(one('confidentialityCode'), `${D}/confidentialityCode`, 'code');
  const publicityClass = reverse(CONFIDENTIALITY_CODE).get(confidentiality ?? '');
  if (confidentiality !== undefined && !publicityClass)
    r.fail(
      `${D}/confidentialityCode/@code`,
      'code-unknown',
      `confidentiality '${confidentiality}' is not one of ${Object.values(CONFIDENTIALITY_CODE).join(', ')}`,
    );
  const languageCode = r.attr(one('languageCode'), `${D}/languageCode`, 'code');
  const language = reverse(LANGUAGE_CODES).get(languageCode ?? '');
  if (languageCode !== undefined && !language)
    r.fail(
      `${D}/languageCode/@code`,
      'code-unknown',
      `language '${languageCode}' is not one of ${Object.values(LANGUAGE_CODES).join(', ')}`,
    );
  const versionText = r.attr(one('versionNumber'), `${D}/versionNumber`, 'value');
  const version = Number(versionText);
  if (versionText !== undefined && !/^[1-9]\d*$/.test(versionText))
    r.fail(`${D}/versionNumber/@value`, 'min', `version must be a whole number ≥ 1, got '${versionText}'`);

  const author = one('author');
  const ap = `${D}/author`;
  const assigned = r.one(author, ap, 'assignedAuthor');
  const professional = r.one(assigned, `${ap}/assignedAuthor`, 'id');
  const organisation = r.one(assigned, `${ap}/assignedAuthor`, 'representedOrganization');
  const op = `${ap}/assignedAuthor/representedOrganization`;
  const whole = r.one(r.one(organisation, op, 'asOrganizationPartOf'), `${op}/asOrganizationPartOf`, 'wholeOrganization');
  const custodian = r.one(
    r.one(one('custodian'), `${D}/custodian`, 'assignedCustodian'),
    `${D}/custodian/assignedCustodian`,
    'representedCustodianOrganization',
  );

  const replaced = r.children(root, 'relatedDocument').find((e) => e.getAttribute('typeCode') === 'RPLC');
  const rp = `${D}/relatedDocument[@typeCode='RPLC']/parentDocument`;
  const encounter = r.one(one('componentOf', false), `${D}/componentOf`, 'encompassingEncounter');
  const ep = `${D}/componentOf/encompassingEncounter`;
  const { coded, local } = serviceEvents(r, root);
  const serviceTasks = coded.get('serviceTask') ?? [];
  if (serviceTasks.length !== 1)
    r.fail(
      FIELD_XPATH.serviceTask!.replace(/\/@code$/, ''),
      'cardinality',
      `exactly one service task is needed, found ${serviceTasks.length}`,
    );
  const phases = coded.get('processPhase') ?? [];
  if (phases.length > 1)
    r.fail(FIELD_XPATH.processPhase!.replace(/\/@code$/, ''), 'cardinality', `at most one process phase, found ${phases.length}`);
  const socialServices = coded.get('socialServices') ?? [];
  const templateId = r.children(root, 'templateId')[0]?.getAttribute('root') ?? undefined;

  const draft = {
    documentId: r.attr(one('id'), `${D}/id`, 'root'),
    setId: r.attr(one('setId'), `${D}/setId`, 'root'),
    version,
    replaces: replaced ? r.attr(r.one(r.one(replaced, `${D}/relatedDocument`, 'parentDocument'), rp, 'id'), `${rp}/id`, 'root') : undefined,
    documentType: r.attr(code, `${D}/code`, 'code'),
    title: r.text(one('title'), `${D}/title`),
    client: client(r, root),
    registerKeeper: r.attr(
      r.one(custodian, `${D}/custodian/assignedCustodian/representedCustodianOrganization`, 'id'),
      `${D}/custodian/assignedCustodian/representedCustodianOrganization/id`,
      'root',
    ),
    serviceProvider: r.attr(
      r.one(whole, `${op}/asOrganizationPartOf/wholeOrganization`, 'id'),
      `${op}/asOrganizationPartOf/wholeOrganization/id`,
      'root',
    ),
    serviceUnit: r.attr(r.one(organisation, op, 'id'), `${op}/id`, 'root'),
    serviceTask: serviceTasks[0]?.code,
    socialServices: socialServices.map((x) => x.code),
    case: encounter
      ? {
          id: r.attr(r.one(encounter, ep, 'id'), `${ep}/id`, 'root'),
          name: r.text(r.one(r.one(encounter, ep, 'code'), `${ep}/code`, 'originalText'), `${ep}/code/originalText`),
        }
      : undefined,
    processPhase: phases[0]?.code,
    author: {
      name: r.text(
        r.one(r.one(assigned, `${ap}/assignedAuthor`, 'assignedPerson'), `${ap}/assignedAuthor/assignedPerson`, 'name'),
        `${ap}/assignedAuthor/assignedPerson/name`,
      ),
      professionalId: r.attr(professional, `${ap}/assignedAuthor/id`, 'extension'),
      role: r.text(r.one(r.one(author, ap, 'functionCode'), `${ap}/functionCode`, 'originalText'), `${ap}/functionCode/originalText`),
    },
    created: time(r, one('effectiveTime'), `${D}/effectiveTime`),
    language,
    publicityClass,
  };
  const bodyPart = body(r, root);
  const rest = fromLocalItems(local, (field, rule, message) => r.fail(field, rule, message));
  if (r.issues.length > 0 || !bodyPart) return { ok: false, issues: r.issues };
  const { publicityClass: pc, ...fields } = draft;
  const metadata = { ...fields, ...rest.fields, publicity: { class: pc!, basis: rest.publicityBasis } } as DocumentMetadata;
  for (const key of ['replaces', 'case', 'processPhase'] as const) if (metadata[key] === undefined) delete metadata[key];
  return {
    ok: true,
    cda: {
      metadata,
      body: bodyPart,
      ...(templateId ? { structureOid: templateId } : {}),
      ...(code?.getAttribute('codeSystem') ? { documentTypeSystem: code.getAttribute('codeSystem')! } : {}),
      codedSystems: {
        ...(serviceTasks[0] ? { serviceTask: serviceTasks[0].system } : {}),
        socialServices: socialServices.map((x) => x.system),
        ...(phases[0] ? { processPhase: phases[0].system } : {}),
      },
    },
  };
}
