// The deployment test report (seed 000: sent to the national service within two working days, subject
// "SHA käyttöönottokoe + asiakkaan nimi") as a model both the HTML and the PDF are drawn from, in Finnish
// or Swedish: the two languages the national service reads.
import {
  CHECKED_FIELDS,
  type CheckedField,
  type FieldCheck,
  type Outcome,
  type PreconditionKey,
  type PreconditionResult,
  REPORT_ADDRESS,
  reportDueDate,
  reportSubject,
} from './deployment-test.ts';

export type ReportLang = 'fi' | 'sv';

export interface ReportInput {
  organisationName: string;
  organisationOid: string;
  testedOn: string;
  clientSystem: string;
  testClient: string;
  professional: string;
  archivist: string | null;
  preconditions: PreconditionResult[];
  documents: Array<{ documentId: string; documentType: string; values: Partial<Record<CheckedField, string>> }>;
  checks: FieldCheck[];
  outcome: Outcome | null;
}

export interface ReportModel {
  lang: ReportLang;
  title: string;
  subject: string;
  sendTo: string;
  dueDate: string;
  rows: Array<[string, string]>;
  preconditions: Array<{ label: string; ok: boolean; detail: string }>;
  documents: Array<{
    heading: string;
    findings: Array<{ field: string; value: string; result: string; pass: boolean; remark: string }>;
  }>;
  outcome: string;
  passed: boolean;
}

const T = {
  fi: {
    title: 'Käyttöönottokokeen raportti',
    organisation: 'Organisaatio',
    oid: 'OID',
    testedOn: 'Käyttöönottokoe',
    due: 'Raportti lähetettävä viimeistään',
    sendTo: 'Lähetetään osoitteeseen',
    subject: 'Viestin aihe',
    clientSystem: 'Asiakastietojärjestelmä',
    testClient: 'Testiasiakas',
    professional: 'Testitapauksen suorittaja',
    archivist: 'Metatiedot tarkistanut arkistonhoitaja',
    documents: 'Arkistoon siirtyneet asiakirjat',
    passed: 'Onnistunut: Sosiaalihuollon asiakastiedon arkisto voidaan ottaa käyttöön.',
    failed: 'Ei onnistunut: korjaukset ja uusi käyttöönottokoe.',
    open: 'Kesken: arkistonhoitajan tarkistus ei ole valmis.',
    pass: 'kunnossa',
    fail: 'virhe',
    unchecked: 'tarkistamatta',
    pre: {
      'certified-client-system': 'Sertifioitu asiakastietojärjestelmä',
      'organisation-register-units': 'SOTE-organisaatiorekisterin palveluyksiköt',
      'certificates-valid': 'Varmenteet voimassa',
      'connection-tested': 'Tietoliikenneyhteys testattu',
    },
    field: {
      documentType: 'Asiakirjatyyppi',
      client: 'Asiakas (tunniste)',
      registerKeeper: 'Rekisterinpitäjä',
      serviceUnit: 'Palveluyksikkö',
      serviceTask: 'Palvelutehtävä',
      socialServices: 'Sosiaalipalvelut',
      processPhase: 'Prosessin vaihe',
      case: 'Asia',
      author: 'Laatija',
      completed: 'Valmistumisaika',
      publicity: 'Julkisuusluokka',
      retention: 'Säilytysaika',
      signature: 'Järjestelmäallekirjoitus',
    },
  },
  sv: {
    title: 'Rapport om ibruktagningsprovet',
    organisation: 'Organisation',
    oid: 'OID',
    testedOn: 'Ibruktagningsprov',
    due: 'Rapporten ska skickas senast',
    sendTo: 'Skickas till',
    subject: 'Meddelandets ämne',
    clientSystem: 'Klientdatasystem',
    testClient: 'Testklient',
    professional: 'Testfallet utfört av',
    archivist: 'Arkivarie som granskade metadata',
    documents: 'Handlingar som överförts till arkivet',
    passed: 'Lyckat: Klientdataarkivet för socialvården kan tas i bruk.',
    failed: 'Misslyckat: rättelser och ett nytt ibruktagningsprov.',
    open: 'Pågår: arkivariens granskning är inte klar.',
    pass: 'i ordning',
    fail: 'fel',
    unchecked: 'ogranskad',
    pre: {
      'certified-client-system': 'Certifierat klientdatasystem',
      'organisation-register-units': 'Serviceenheter i SOTE-organisationsregistret',
      'certificates-valid': 'Certifikaten giltiga',
      'connection-tested': 'Dataförbindelsen testad',
    },
    field: {
      documentType: 'Handlingstyp',
      client: 'Klient (identifierare)',
      registerKeeper: 'Registeransvarig',
      serviceUnit: 'Serviceenhet',
      serviceTask: 'Serviceuppgift',
      socialServices: 'Socialservice',
      processPhase: 'Processens skede',
      case: 'Ärende',
      author: 'Upprättad av',
      completed: 'Färdigställd',
      publicity: 'Offentlighetsklass',
      retention: 'Förvaringstid',
      signature: 'Systemsignatur',
    },
  },
} as const satisfies Record<
  ReportLang,
  { pre: Record<PreconditionKey, string>; field: Record<CheckedField, string> } & Record<string, unknown>
>;

/** 2026-12-02 → 2.12.2026, as both languages write it. */
export function finnishDate(day: string): string {
  const [y, m, d] = day.split('-');
  return `${Number(d)}.${Number(m)}.${y}`;
}

export function reportModel(input: ReportInput, lang: ReportLang): ReportModel {
  const t = T[lang];
  const due = reportDueDate(input.testedOn);
  const subject = reportSubject(input.organisationName);
  return {
    lang,
    title: t.title,
    subject,
    sendTo: REPORT_ADDRESS,
    dueDate: due,
    rows: [
      [t.organisation, input.organisationName],
      [t.oid, input.organisationOid],
      [t.testedOn, finnishDate(input.testedOn)],
      [t.due, finnishDate(due)],
      [t.sendTo, REPORT_ADDRESS],
      [t.subject, subject],
      [t.clientSystem, input.clientSystem],
      [t.testClient, input.testClient],
      [t.professional, input.professional],
      [t.archivist, input.archivist ?? '–'],
    ],
    preconditions: input.preconditions.map((p) => ({ label: t.pre[p.key], ok: p.ok, detail: p.detail })),
    documents: input.documents.map((d) => ({
      heading: `${d.documentType} – ${d.documentId}`,
      findings: CHECKED_FIELDS.map((field) => {
        const c = input.checks.find((x) => x.documentId === d.documentId && x.field === field);
        return {
          field: t.field[field],
          value: d.values[field] ?? '',
          result: c ? t[c.result] : t.unchecked,
          pass: c?.result === 'pass',
          remark: c?.remark ?? '',
        };
      }),
    })),
    outcome: input.outcome === 'passed' ? t.passed : input.outcome === 'failed' ? t.failed : t.open,
    passed: input.outcome === 'passed',
  };
}

export const REPORT_TEXTS = T;
