// What an archive refusal means to the social worker who has to fix it: the archive answers with a rule
// and a field (a CDA XPath or a national metadata field name) in its own words; this turns that into a
// refusal class, a message in the user's language and the place in the client system where it is fixed.
// Pure: the load queue stores the archive's answer unchanged, the UI and work lists call this.
import type { ItemKind } from './load-queue.ts';

export type Lang = 'fi' | 'sv' | 'en';

export type RefusalClass =
  /** archive-first on a clienthood: the client has no (service-task / social-welfare) clienthood in the archive. */
  | 'missing-clienthood'
  /** archive-first on the case, or the case is in another service task. */
  | 'unknown-case'
  /** A code (social service, service task, document type, …) that is not in the national code set. */
  | 'bad-code'
  /** The system signature was refused (untrusted, expired or revoked certificate, broken signature). */
  | 'bad-signature'
  /** The archive does not let this system write there (another register keeper, a viewing system, 401/403). */
  | 'no-access'
  /** Another metadata rule (a required field, a date, an organisation that is not valid). */
  | 'bad-metadata'
  /** Same document id with other content, or a version that is not the next one. */
  | 'conflict';

/** Where the client system lets a person fix it. */
export type FixPlace =
  | { kind: 'archiving-choices'; field: 'socialServices' | 'publicity' | 'retentionRule' | 'citizenVisible' }
  | { kind: 'document'; field: string }
  | { kind: 'clienthood'; field?: string }
  | { kind: 'case'; field?: string }
  | { kind: 'organisation-settings'; field: string }
  | { kind: 'system-certificate' };

export interface ArchiveRefusal {
  rule: string;
  field?: string;
  message: string;
  status?: number;
  /** The national field of `field` when it is an XPath (see metadataFieldOf). */
  metadataField?: string;
}

export interface ClassifiedRefusal {
  class: RefusalClass;
  /** The national metadata field the archive named, read back from its XPath when it gave one. */
  metadataField?: string;
  fixAt: FixPlace;
}

const SIGNATURE_RULES = new Set([
  'missing-signature',
  'multiple-signatures',
  'bad-signature',
  'digest-mismatch',
  'wrapping',
  'untrusted-certificate',
  'revoked',
  'expired',
  'wrong-organisation',
  'unsupported-algorithm',
  'malformed',
]);
const CODE_RULES = new Set(['code-unknown', 'code', 'unknown-code-system', 'unknown-value-set', 'structure-unknown']);
const ACCESS_RULES =
  /^(other-register-keeper|system-profile-|archivist-does-not-write|role-|not-in-register|http-40[13]$|unauthorised$|forbidden$|tls$)/;

/**
 * The metadata field an archive issue names. A CDA XPath is read back to its field by the caller
 * (queue/refusal-field.ts, from lib/cda's mapping) and passed as `metadataField`.
 */
function metadataFieldOf(r: ArchiveRefusal): string | undefined {
  if (r.metadataField) return r.metadataField;
  if (!r.field || r.field.includes('/')) return undefined;
  return r.field.replace(/\[\d+\]$/, '');
}

function placeOf(metadataField: string | undefined, kind: ItemKind): FixPlace {
  const f = metadataField ?? '';
  if (f === 'socialServices') return { kind: 'archiving-choices', field: 'socialServices' };
  if (f.startsWith('publicity')) return { kind: 'archiving-choices', field: 'publicity' };
  if (f === 'retentionRule' || f === 'retention') return { kind: 'archiving-choices', field: 'retentionRule' };
  if (f.startsWith('citizenVisible')) return { kind: 'archiving-choices', field: 'citizenVisible' };
  if (f === 'registerKeeper' || f === 'serviceProvider') return { kind: 'organisation-settings', field: f };
  if (f.startsWith('clienthood')) return { kind: 'clienthood', field: f.replace(/^clienthood\.?/, '') || 'level' };
  if (f.startsWith('case') || f.startsWith('caseRecord')) return { kind: 'case', field: f.replace(/^case(Record)?\.?/, '') || 'name' };
  if (kind === 'clienthood') return { kind: 'clienthood', ...(f ? { field: f } : {}) };
  if (kind === 'case') return { kind: 'case', ...(f ? { field: f } : {}) };
  return { kind: 'document', field: f || 'content' };
}

export function classifyRefusal(r: ArchiveRefusal, kind: ItemKind): ClassifiedRefusal {
  const metadataField = metadataFieldOf(r);
  const withField = (c: RefusalClass, fixAt: FixPlace): ClassifiedRefusal => ({
    class: c,
    ...(metadataField ? { metadataField } : {}),
    fixAt,
  });
  if (SIGNATURE_RULES.has(r.rule) || metadataField === 'signature' || r.field?.startsWith('signature'))
    return withField('bad-signature', { kind: 'system-certificate' });
  if (ACCESS_RULES.test(r.rule) || r.status === 401 || r.status === 403)
    return withField('no-access', { kind: 'organisation-settings', field: metadataField ?? 'registerKeeper' });
  if (r.rule === 'archive-first' || r.rule === 'case-service-task') {
    const onCase = metadataField?.startsWith('case') && kind === 'document';
    return onCase ? withField('unknown-case', { kind: 'case' }) : withField('missing-clienthood', { kind: 'clienthood', field: 'level' });
  }
  if (CODE_RULES.has(r.rule)) return withField('bad-code', placeOf(metadataField, kind));
  if (r.status === 409 || r.rule === 'conflict' || r.rule === 'immutable' || r.rule === 'version')
    return withField('conflict', placeOf(metadataField, kind));
  return withField('bad-metadata', placeOf(metadataField, kind));
}

type Texts = Record<Lang, string>;

/** What happened, in the words of a social worker (not the archive's). */
export const REFUSAL_TITLE: Record<RefusalClass, Texts> = {
  'missing-clienthood': {
    fi: 'Asiakkuus puuttuu arkistosta',
    sv: 'Klientskapet saknas i arkivet',
    en: 'The clienthood is missing from the archive',
  },
  'unknown-case': {
    fi: 'Asia puuttuu arkistosta',
    sv: 'Ärendet saknas i arkivet',
    en: 'The case is missing from the archive',
  },
  'bad-code': {
    fi: 'Koodi ei ole kansallisessa koodistossa',
    sv: 'Koden finns inte i den nationella kodtjänsten',
    en: 'A code is not in the national code set',
  },
  'bad-signature': {
    fi: 'Järjestelmäallekirjoitus ei kelpaa',
    sv: 'Systemsignaturen godkänns inte',
    en: 'The system signature was not accepted',
  },
  'no-access': {
    fi: 'Arkisto ei anna tallentaa tähän rekisteriin',
    sv: 'Arkivet tillåter inte att spara i detta register',
    en: 'The archive does not allow saving into this register',
  },
  'bad-metadata': {
    fi: 'Arkistointitiedoissa on virhe',
    sv: 'Arkiveringsuppgifterna har ett fel',
    en: 'The archiving details have an error',
  },
  conflict: {
    fi: 'Asiakirja on jo arkistossa toisenlaisena',
    sv: 'Dokumentet finns redan i arkivet i annan form',
    en: 'The archive already holds this document with other content',
  },
};

/** What to do about it: who fixes it and where. */
export const REFUSAL_FIX: Record<RefusalClass, Texts> = {
  'missing-clienthood': {
    fi: 'Tarkista asiakkaan asiakkuudet: palvelutehtävän asiakkuus on avattava ja arkistoitava ennen asiaa ja asiakirjoja. Kun asiakkuus on arkistossa, lähetä uudelleen.',
    sv: 'Kontrollera klientens klientskap: klientskapet i serviceuppgiften ska öppnas och arkiveras före ärendet och dokumenten. Skicka på nytt när klientskapet finns i arkivet.',
    en: 'Check the client’s clienthoods: the service-task clienthood must be opened and archived before the case and its documents. Send again once it is in the archive.',
  },
  'unknown-case': {
    fi: 'Tarkista asia: asian on oltava avattuna ja arkistoituna samassa palvelutehtävässä kuin asiakirja. Kun asia on arkistossa, lähetä uudelleen.',
    sv: 'Kontrollera ärendet: det ska vara öppnat och arkiverat i samma serviceuppgift som dokumentet. Skicka på nytt när ärendet finns i arkivet.',
    en: 'Check the case: it must be opened and archived in the same service task as the document. Send again once it is in the archive.',
  },
  'bad-code': {
    fi: 'Valitse kenttään koodi koodistosta (arkistointinäytöllä tai lomakkeella) ja tallenna: korjattu asiakirja lähtee jonoon uudelleen.',
    sv: 'Välj en kod ur kodtjänsten i fältet (på arkiveringsvyn eller i formuläret) och spara: det rättade dokumentet köas på nytt.',
    en: 'Choose a code from the code set in the field (on the archiving screen or the form) and save: the corrected document is queued again.',
  },
  'bad-signature': {
    fi: 'Tätä ei korjata asiakirjasta: ilmoita pääkäyttäjälle, jonka on uusittava järjestelmävarmenne. Jono lähettää asiakirjan, kun varmenne on vaihdettu.',
    sv: 'Detta rättas inte i dokumentet: meddela huvudanvändaren, som ska förnya systemcertifikatet. Kön skickar dokumentet när certifikatet har bytts.',
    en: 'This is not fixed in the document: tell the system administrator, who must renew the system certificate. The queue sends it once the certificate is replaced.',
  },
  'no-access': {
    fi: 'Tarkista rekisterinpitäjä ja palveluyksikkö: asiakirja kuuluu toisen organisaation rekisteriin tai järjestelmällä ei ole tallennusoikeutta. Ota yhteys arkistoinnin yhteyshenkilöön.',
    sv: 'Kontrollera registeransvarig och serviceenhet: dokumentet hör till en annan organisations register eller systemet saknar rätt att spara. Kontakta arkiveringens kontaktperson.',
    en: 'Check the register keeper and the service unit: the document belongs to another organisation’s register, or the system may not save. Contact the archiving contact person.',
  },
  'bad-metadata': {
    fi: 'Korjaa kenttä, jonka arkisto nimesi, ja tallenna: korjattu tieto lähtee jonoon uudelleen.',
    sv: 'Rätta fältet som arkivet angav och spara: den rättade uppgiften köas på nytt.',
    en: 'Correct the field the archive named and save: the corrected record is queued again.',
  },
  conflict: {
    fi: 'Tee asiakirjasta uusi versio: arkistossa oleva versio pysyy, korjaus korvaa sen.',
    sv: 'Gör en ny version av dokumentet: versionen i arkivet består och rättelsen ersätter den.',
    en: 'Make a new version of the document: the archived version stays and the correction replaces it.',
  },
};

/** The place to fix it, named as the client system's pages name it. */
export function fixPlaceText(p: FixPlace, lang: Lang): string {
  const t: Record<FixPlace['kind'], Texts> = {
    'archiving-choices': { fi: 'Arkistointinäyttö', sv: 'Arkiveringsvyn', en: 'Archiving screen' },
    document: { fi: 'Asiakirjan lomake', sv: 'Dokumentets formulär', en: 'Document form' },
    clienthood: { fi: 'Asiakkuus', sv: 'Klientskap', en: 'Clienthood' },
    case: { fi: 'Asia', sv: 'Ärende', en: 'Case' },
    'organisation-settings': { fi: 'Organisaation asetukset', sv: 'Organisationens inställningar', en: 'Organisation settings' },
    'system-certificate': {
      fi: 'Järjestelmävarmenne (pääkäyttäjä)',
      sv: 'Systemcertifikat (huvudanvändare)',
      en: 'System certificate (administrator)',
    },
  };
  const field = 'field' in p && p.field ? FIELD_LABEL[p.field]?.[lang] : undefined;
  return field ? `${t[p.kind][lang]}: ${field}` : t[p.kind][lang];
}

const FIELD_LABEL: Record<string, Texts> = {
  socialServices: { fi: 'Sosiaalipalvelut', sv: 'Socialservice', en: 'Social services' },
  publicity: { fi: 'Julkisuus', sv: 'Offentlighet', en: 'Publicity' },
  retentionRule: { fi: 'Säilytysaika', sv: 'Förvaringstid', en: 'Retention period' },
  citizenVisible: { fi: 'Näkyvyys kansalaiselle', sv: 'Synlighet för medborgaren', en: 'Visible to the citizen' },
  level: { fi: 'Asiakkuuden taso', sv: 'Klientskapets nivå', en: 'Clienthood level' },
  serviceTask: { fi: 'Palvelutehtävä', sv: 'Serviceuppgift', en: 'Service task' },
  serviceUnit: { fi: 'Palveluyksikkö', sv: 'Serviceenhet', en: 'Service unit' },
  start: { fi: 'Alkupäivä', sv: 'Startdatum', en: 'Start date' },
  end: { fi: 'Loppupäivä', sv: 'Slutdatum', en: 'End date' },
  name: { fi: 'Asian nimi', sv: 'Ärendets namn', en: 'Case name' },
  id: { fi: 'Asia', sv: 'Ärende', en: 'Case' },
  documentType: { fi: 'Asiakirjatyyppi', sv: 'Dokumenttyp', en: 'Document type' },
  processPhase: { fi: 'Prosessin vaihe', sv: 'Processfas', en: 'Process phase' },
  registerKeeper: { fi: 'Rekisterinpitäjä', sv: 'Registeransvarig', en: 'Register keeper' },
  serviceProvider: { fi: 'Palvelunjärjestäjä', sv: 'Serviceanordnare', en: 'Service provider' },
  title: { fi: 'Otsikko', sv: 'Rubrik', en: 'Title' },
  content: { fi: 'Sisältö', sv: 'Innehåll', en: 'Content' },
};

export interface RefusalView extends ClassifiedRefusal {
  title: string;
  fix: string;
  where: string;
  /** The archive's own words, for the archiving contact person. */
  archiveMessage: string;
  rule: string;
}

export function describeRefusal(r: ArchiveRefusal, kind: ItemKind, lang: Lang): RefusalView {
  const c = classifyRefusal(r, kind);
  return {
    ...c,
    title: REFUSAL_TITLE[c.class][lang],
    fix: REFUSAL_FIX[c.class][lang],
    where: fixPlaceText(c.fixAt, lang),
    archiveMessage: r.message,
    rule: r.rule,
  };
}

/**
 * How a queue item is shown: a waiting item whose prerequisite (or the prerequisite's prerequisite) is
 * refused will not move until that is fixed — the user sees "blocked", not an endless "waiting".
 */
export type DisplayState = 'waiting' | 'sending' | 'retrying' | 'archived' | 'refused' | 'blocked';
