// The landing page `/`: what arkki offers (FHIR API, web UIs) in the shell's look and language. In demo
// mode it also lists the demo users, so a tester knows whom to log in as; production never lists users.
import type { Identity } from '../../lib/identity/identity.ts';
import { defineMessages, type Lang } from '../../lib/ui/i18n.ts';
import type { UiKit } from './ui-kit.tsx';

const messages = defineMessages({
  fi: {
    title: 'Arkiston palvelut',
    mode: 'Toimintatila: {mode} mode.',
    apiTitle: 'Arkistopalvelu (FHIR R4)',
    metadata: 'CapabilityStatement: mitä rajapinta tarjoaa',
    documents: 'asiakirjojen tallennus, luku, versiohistoria, haku ja mitätöinti ($invalidate)',
    binary: 'asiakirjojen sisällöt (PDF, CDA R2)',
    summary: 'asiakastietojen kooste',
    auditEvent: 'käyttöloki',
    codes: 'koodistopalvelu',
    organisations: 'SOTE-organisaatiorekisteri',
    apiDemo: 'Jokainen FHIR-kutsu metadataa lukuun ottamatta vaatii tunnistetun käyttäjän: lähetä otsake',
    apiProduction: 'Jokainen FHIR-kutsu metadataa lukuun ottamatta vaatii tunnistetun käyttäjän (järjestelmävarmenne).',
    uiTitle: 'Verkkokäyttöliittymät',
    login: 'Ammattilaisen kirjautuminen',
    loginDemo: 'valitse demoammattilainen.',
    loginProduction: 'ammattikortin varmenteella.',
    loginText:
      'Ammattilaiset hakevat asiakkaita ja ilmoittavat erityisen syyn; arkistonhoitajat tarkastavat asiakirjoja ja lokivalvonnan hälytyksiä.',
    citizen: 'Omat tiedot (kansalaisnäkymä)',
    citizenDemo: 'valitse demoasiakas.',
    citizenProduction: 'kansalaisvarmenteella.',
    citizenText: 'Näet omat asiakirjasi, asiakkuutesi ja asiasi, kuka tietojasi on katsonut, sekä luovutukset.',
    usersTitle: 'Demokäyttäjät',
    usersJson: 'Myös JSON-muodossa:',
    id: 'Tunnus',
    name: 'Nimi',
    role: 'Rooli',
    tasks: 'Palvelutehtävät',
    registerKeeper: 'Rekisterinpitäjä',
    allTasks: 'kaikki',
    'role.social-worker': 'Ammattihenkilö',
    'role.archivist': 'Arkistonhoitaja',
    'role.citizen': 'Asiakas',
    'role.system': 'Järjestelmä',
  },
  sv: {
    title: 'Arkivets tjänster',
    mode: 'Driftläge: {mode} mode.',
    apiTitle: 'Arkivtjänsten (FHIR R4)',
    metadata: 'CapabilityStatement: vad gränssnittet erbjuder',
    documents: 'lagring, läsning, versionshistorik, sökning och makulering ($invalidate) av klienthandlingar',
    binary: 'handlingarnas innehåll (PDF, CDA R2)',
    summary: 'sammandrag av klientuppgifter',
    auditEvent: 'användningslogg',
    codes: 'kodtjänst',
    organisations: 'SOTE-organisationsregistret',
    apiDemo: 'Varje FHIR-anrop utom metadata kräver en identifierad användare: skicka rubriken',
    apiProduction: 'Varje FHIR-anrop utom metadata kräver en identifierad användare (systemcertifikat).',
    uiTitle: 'Webbgränssnitt',
    login: 'Inloggning för yrkespersoner',
    loginDemo: 'välj en demoyrkesperson.',
    loginProduction: 'med yrkeskortets certifikat.',
    loginText: 'Yrkespersoner söker klienter och anger särskilda skäl; arkivarier granskar handlingar och larm från loggövervakningen.',
    citizen: 'Mina uppgifter (medborgarvy)',
    citizenDemo: 'välj en demoklient.',
    citizenProduction: 'med medborgarcertifikat.',
    citizenText: 'Du ser dina egna handlingar, klientrelationer och ärenden, vem som har tittat på dina uppgifter samt utlämnanden.',
    usersTitle: 'Demoanvändare',
    usersJson: 'Även som JSON:',
    id: 'Id',
    name: 'Namn',
    role: 'Roll',
    tasks: 'Serviceuppgifter',
    registerKeeper: 'Registeransvarig',
    allTasks: 'alla',
    'role.social-worker': 'Yrkesperson',
    'role.archivist': 'Arkivarie',
    'role.citizen': 'Klient',
    'role.system': 'System',
  },
  en: {
    title: 'Archive services',
    mode: 'Running in {mode} mode.',
    apiTitle: 'Archive service (FHIR R4)',
    metadata: 'CapabilityStatement: what the API offers',
    documents: 'store, read, version history, search and $invalidate of client documents',
    binary: 'document bodies (PDF, CDA R2)',
    summary: 'client data summary (kooste)',
    auditEvent: 'usage log (käyttöloki)',
    codes: 'code server (koodistopalvelu)',
    organisations: 'organisation register (SOTE-organisaatiorekisteri)',
    apiDemo: 'Every FHIR call except metadata needs an identity: send the header',
    apiProduction: 'Every FHIR call except metadata needs an identity (system certificate).',
    uiTitle: 'Web UI',
    login: 'Professional login',
    loginDemo: 'choose a demo professional.',
    loginProduction: 'with a professional card certificate.',
    loginText: 'Professionals search clients and state special reasons; archivists check documents and review log-monitoring alerts.',
    citizen: 'Citizen view (omat tiedot)',
    citizenDemo: 'choose a demo client.',
    citizenProduction: 'with a citizen certificate.',
    citizenText: 'See your own documents, clienthoods and cases, who has looked at your data, and disclosures.',
    usersTitle: 'Demo users',
    usersJson: 'Also as JSON at',
    id: 'id',
    name: 'name',
    role: 'role',
    tasks: 'service tasks',
    registerKeeper: 'register keeper',
    allTasks: 'all',
    'role.social-worker': 'Social worker',
    'role.archivist': 'Archivist',
    'role.citizen': 'Citizen',
    'role.system': 'System',
  },
});

type T = ReturnType<typeof messages>;

function Api({ t, demo }: { t: T; demo: boolean }) {
  const rows: Array<[string, string, boolean]> = [
    ['/fhir/R4/metadata', t('metadata'), true],
    ['/fhir/R4/DocumentReference', t('documents'), false],
    ['/fhir/R4/Binary/<document id>', t('binary'), false],
    ['/fhir/R4/Patient/<id>/$client-summary', t('summary'), false],
    ['/fhir/R4/AuditEvent', t('auditEvent'), false],
    ['/fhir/R4/CodeSystem, /fhir/R4/ValueSet', t('codes'), false],
    ['/fhir/R4/Organization', t('organisations'), false],
  ];
  return (
    <section class="card">
      <h2>{t('apiTitle')}</h2>
      <table>
        <tbody>
          {rows.map(([path, text, link]) => (
            <tr>
              <td>
                {link ? (
                  <a href={path}>
                    <code>{path}</code>
                  </a>
                ) : (
                  <code>{path}</code>
                )}
              </td>
              <td>{text}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p class="muted">
        {demo ? (
          <>
            {t('apiDemo')} <code>X-Arkki-Demo-User: &lt;id&gt;</code>.
          </>
        ) : (
          t('apiProduction')
        )}
      </p>
    </section>
  );
}

function DemoUsers({
  t,
  users,
  tasks,
  orgName,
}: {
  t: T;
  users: Identity[];
  tasks: (code: string) => string;
  orgName: Map<string, string | undefined>;
}) {
  return (
    <section class="card">
      <h2>{t('usersTitle')}</h2>
      <p class="muted">
        {t('usersJson')} <a href="/demo/users">/demo/users</a>
      </p>
      <table>
        <thead>
          <tr>
            <th>{t('id')}</th>
            <th>{t('name')}</th>
            <th>{t('role')}</th>
            <th>{t('tasks')}</th>
            <th>{t('registerKeeper')}</th>
          </tr>
        </thead>
        <tbody>
          {users.map((u) => (
            <tr>
              <td>
                <code>{u.userId}</code>
              </td>
              <td>{u.name}</td>
              <td>{t(`role.${u.role}` as 'role.system')}</td>
              <td>{u.serviceTasks.map((c) => (c === '*' ? t('allTasks') : tasks(c))).join(', ')}</td>
              <td>
                {orgName.get(u.registerKeeperOid) ?? ''}
                <span class="hint">
                  <code>{u.registerKeeperOid}</code>
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

async function landing(ui: UiKit, lang: Lang) {
  const t = messages(lang);
  const { ctx } = ui;
  const demo = ctx.config.mode === 'demo';
  const users = demo ? (ctx.demoUsers ?? []) : [];
  const orgName = new Map<string, string | undefined>();
  for (const oid of new Set(users.map((u) => u.registerKeeperOid))) orgName.set(oid, await ui.organisationName(oid, lang));
  const tasks = (code: string) => ctx.codeSets.display('service-tasks', code, lang) ?? code;
  return (
    <>
      <p class="muted">{t('mode', { mode: ctx.config.mode })}</p>
      <Api t={t} demo={demo} />
      <section class="card">
        <h2>{t('uiTitle')}</h2>
        <p>
          <a href="/login">{t('login')}</a>: {demo ? t('loginDemo') : t('loginProduction')} {t('loginText')}
        </p>
        <p>
          <a href="/citizen">{t('citizen')}</a>: {demo ? t('citizenDemo') : t('citizenProduction')} {t('citizenText')}
        </p>
      </section>
      {users.length > 0 && <DemoUsers t={t} users={users} tasks={tasks} orgName={orgName} />}
    </>
  );
}

export function registerLandingPage(ui: UiKit): void {
  ui.app.get('/', async (request, reply) => {
    const lang = ui.langOf(request);
    return ui.page(reply, { lang, title: messages(lang)('title'), currentUrl: request.url, body: await landing(ui, lang) });
  });
}
