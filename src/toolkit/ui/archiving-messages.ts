// Texts of archiving in the archive (opened after the deployment test) and of the follow-up's refusals,
// in Finnish, Swedish and English. Kept apart from messages.ts: the archive's rule codes get a short
// explanation here, the code itself is always shown beside it.
import { defineMessages, type Lang } from '../../lib/ui/i18n.ts';

const fi = {
  archivingTitle: 'Arkistointi arkistossa',
  archivingOpen: 'Arkistointi on avattu arkistossa {day} ({by}).',
  archivingNotOpen: 'Arkistointia ei ole avattu arkistossa.',
  archivingClosed: 'Arkistointi on suljettu arkistossa {day} ({by}): {reason}',
  archivingOpenFailed: 'Arkistoinnin avaaminen arkistossa ei onnistunut: {why}',
  archivingStateUnknown: 'Arkistoinnin tilaa ei saatu arkistosta: {why}',
  archivingRetry: 'Avaa arkistointi uudelleen',
  'fail-unavailable': 'arkisto ei vastannut, yritä hetken kuluttua uudelleen',
  'fail-forbidden': 'arkisto ei sallinut pyyntöä (vain organisaation oma arkistonhoitaja voi avata arkistoinnin)',
  'fail-other': 'arkisto torjui pyynnön ({kind})',
  refusedByUnit: 'Hylätyt palveluyksiköittäin',
  refusedByType: 'Hylätyt asiakirjatyypeittäin',
  refusedReasons: 'Hylkäyssyyt',
  unknown: 'ei tiedossa',
  serviceUnit: 'Palveluyksikkö',
  documentType: 'Asiakirjatyyppi',
  system: 'Järjestelmä',
  field: 'Kenttä',
};
type Keys = keyof typeof fi;

const sv: Record<Keys, string> = {
  archivingTitle: 'Arkivering i arkivet',
  archivingOpen: 'Arkiveringen har öppnats i arkivet {day} ({by}).',
  archivingNotOpen: 'Arkiveringen har inte öppnats i arkivet.',
  archivingClosed: 'Arkiveringen har stängts i arkivet {day} ({by}): {reason}',
  archivingOpenFailed: 'Arkiveringen kunde inte öppnas i arkivet: {why}',
  archivingStateUnknown: 'Arkiveringens status kunde inte hämtas från arkivet: {why}',
  archivingRetry: 'Öppna arkiveringen på nytt',
  'fail-unavailable': 'arkivet svarade inte, försök igen om en stund',
  'fail-forbidden': 'arkivet tillät inte begäran (endast organisationens egen arkivarie kan öppna arkiveringen)',
  'fail-other': 'arkivet avvisade begäran ({kind})',
  refusedByUnit: 'Avvisade per serviceenhet',
  refusedByType: 'Avvisade per handlingstyp',
  refusedReasons: 'Orsaker till avvisning',
  unknown: 'okänd',
  serviceUnit: 'Serviceenhet',
  documentType: 'Handlingstyp',
  system: 'System',
  field: 'Fält',
};

const en: Record<Keys, string> = {
  archivingTitle: 'Archiving in the archive',
  archivingOpen: 'Archiving was opened in the archive on {day} ({by}).',
  archivingNotOpen: 'Archiving has not been opened in the archive.',
  archivingClosed: 'Archiving was closed in the archive on {day} ({by}): {reason}',
  archivingOpenFailed: 'Opening archiving in the archive failed: {why}',
  archivingStateUnknown: 'The archiving state could not be read from the archive: {why}',
  archivingRetry: 'Open archiving again',
  'fail-unavailable': 'the archive did not answer; try again in a moment',
  'fail-forbidden': "the archive did not allow it (only the organisation's own archivist opens archiving)",
  'fail-other': 'the archive refused the request ({kind})',
  refusedByUnit: 'Refused by service unit',
  refusedByType: 'Refused by document type',
  refusedReasons: 'Reasons for refusal',
  unknown: 'not known',
  serviceUnit: 'Service unit',
  documentType: 'Document type',
  system: 'System',
  field: 'Field',
};

export const archivingTexts = defineMessages({ fi, sv, en });

// The archive's most frequent refusal rules in words (its CodeSystem validation-rule names the rest).
const RULES: Record<string, Record<Lang, string>> = {
  required: { fi: 'pakollinen tieto puuttuu', sv: 'obligatorisk uppgift saknas', en: 'a mandatory value is missing' },
  'code-unknown': { fi: 'koodi ei ole koodistossa', sv: 'koden finns inte i kodverket', en: 'the code is not in its code set' },
  oid: { fi: 'tunniste ei ole OID', sv: 'identifieraren är inte en OID', en: 'the identifier is not an OID' },
  'client-id': {
    fi: 'asiakkaan tunniste on virheellinen',
    sv: 'klientens identifierare är felaktig',
    en: 'the client identifier is invalid',
  },
  'organisation-unknown': {
    fi: 'organisaatio ei ole organisaatiorekisterissä',
    sv: 'organisationen finns inte i organisationsregistret',
    en: 'the organisation is not in the organisation register',
  },
  'organisation-inactive': {
    fi: 'organisaatio ei ollut voimassa',
    sv: 'organisationen var inte giltig',
    en: 'the organisation was not valid on the date',
  },
  'not-service-unit': { fi: 'ei palveluyksikkö', sv: 'inte en serviceenhet', en: 'not a service unit' },
  'archive-first': {
    fi: 'asiakkuus tai asia on arkistoitava ensin',
    sv: 'klientskapet eller ärendet ska arkiveras först',
    en: 'the clienthood or case must be archived first',
  },
  immutable: {
    fi: 'sama asiakirja on jo arkistoitu toisella sisällöllä',
    sv: 'samma handling finns redan med annat innehåll',
    en: 'the same document is already archived with other content',
  },
  'other-register-keeper': {
    fi: 'toisen rekisterinpitäjän rekisteri',
    sv: 'en annan personuppgiftsansvarigs register',
    en: "another register keeper's register",
  },
  'system-own-register': {
    fi: 'järjestelmä arkistoi vain oman organisaationsa rekisteriin',
    sv: 'systemet arkiverar endast i den egna organisationens register',
    en: "a system archives only into its own organisation's register",
  },
  'wrong-organisation': {
    fi: 'allekirjoittanut järjestelmä on toisen organisaation',
    sv: 'det signerande systemet hör till en annan organisation',
    en: 'signed by a system of another organisation',
  },
  'max-size': { fi: 'asiakirja on liian suuri', sv: 'handlingen är för stor', en: 'the document is too large' },
};

/** "code-unknown – koodi ei ole koodistossa (serviceTask)": the rule code always, its words when known. */
export function refusalReason(lang: Lang, rule: string, field: string): string {
  const words = RULES[rule]?.[lang];
  return `${rule}${words ? ` – ${words}` : ''}${field ? ` (${field})` : ''}`;
}
