import { defineMessages, type Translate } from '../i18n.ts';

// Texts of the log-monitoring pages (lokivalvonta, omavalvonta, lokien vienti) in fi/sv/en.

const fi = {
  alertsTitle: 'Lokivalvonta: hälytykset', alertsIntro: 'Valvontasäännöt käyvät käyttölokin läpi ja nostavat hälytyksen tarkastettavaksi. Kuittaa hälytys, kun otat sen käsittelyyn, ja kirjaa tarkastuksen tulos.',
  alertTitle: 'Hälytys #{id}', status: 'Tila', rule: 'Sääntö', month: 'Kuukausi', monthHint: 'muodossa VVVV-KK', filter: 'Suodata', all: '(kaikki)',
  user: 'Käyttäjä', clients: 'Asiakkaat', window: 'Aikaväli', raised: 'Nostettu', rows: 'Lokirivejä', alertsCount: '{n} hälytystä', noAlerts: 'Ei hälytyksiä näillä ehdoilla.',
  'status.open': 'käsittelemättä', 'status.acknowledged': 'kuitattu', 'status.reviewed': 'tarkastettu',
  'rule.special-reason': 'Erityinen syy', 'rule.own-data': 'Oma tai perheenjäsenen tieto', 'rule.mass-access': 'Massakäyttö',
  'rule.outside-hours': 'Työajan ulkopuolella', 'rule.turvakielto': 'Turvakieltoasiakas', 'rule.denied-attempts': 'Toistuvat estetyt yritykset',
  'outcome.justified': 'asiallinen käyttö', 'outcome.misuse-suspected': 'epäily väärinkäytöstä', 'outcome.false-positive': 'aiheeton hälytys',
  'event.raised': 'nostettu', 'event.extended': 'laajennettu', 'event.reopened': 'avattu uudelleen', 'event.acknowledged': 'kuitattu', 'event.reviewed': 'tarkastettu',
  usageRows: 'Käyttölokin rivit, joihin hälytys perustuu', at: 'Aika', client: 'Asiakas', action: 'Toiminto', outcome: 'Tulos', accessRule: 'Päättänyt sääntö', purpose: 'Peruste',
  history: 'Käsittelyhistoria', by: 'Tekijä', note: 'Huomautus', acknowledge: 'Kuittaa käsittelyyn', acknowledged: 'Hälytys on kuitattu.',
  reviewTitle: 'Tarkastus', reviewOutcome: 'Tarkastuksen tulos', reviewNote: 'Mitä tarkastettiin ja mitä havaittiin', saveReview: 'Tallenna tarkastus', reviewed: 'Tarkastus on tallennettu.',
  details: 'Lisätiedot', error: 'Tarkista lomake',
  reportTitle: 'Omavalvonnan kuukausiraportti', reportIntro: 'Yhteenveto rekisterisi lokivalvonnasta kuukauden ajalta (THL:n määräys 2/2015).', show: 'Näytä',
  reportAlerts: 'Hälytykset säännöittäin', total: 'Yhteensä', open: 'Käsittelemättä', reviewedCount: 'Tarkastettu',
  reportSpecial: 'Erityisen syyn käyttö', specialUses: 'Käyttökertoja', specialGrants: 'Ilmoitettuja syitä', specialCommented: 'Joihin lisätty kommentti',
  reportUses: 'Käyttö', usesTotal: 'Lokirivejä', usesUsers: 'Käyttäjiä', usesClients: 'Asiakkaita', denied: 'Estettyjä yrityksiä',
  reportChain: 'Käyttölokin eheys', chainOk: 'Tarkistussummaketju on ehjä', chainBroken: 'Tarkistussummaketjussa on katkoksia', verifiedRows: 'Tarkistettuja rivejä',
  monitorCursor: 'Valvonta on käynyt läpi rivit tunnisteeseen {id} asti; arvioimatta {n} riviä.',
  exportTitle: 'Lokien vienti', exportIntro: 'Lataa käyttö- tai luovutuslokin rivit lokirekisterin valvojalle. Vienti kirjautuu itsekin käyttölokiin.',
  log: 'Loki', logUsage: 'Käyttöloki', logDisclosure: 'Luovutusloki', format: 'Muoto', from: 'Alkaen', to: 'Päättyen (ei mukana)', dateHint: 'muodossa VVVV-KK-PP',
  clientKey: 'Asiakas (henkilötunnus, valinnainen)', userId: 'Käyttäjätunnus (valinnainen)', download: 'Lataa', orMonth: 'tai kokonainen kuukausi',
};

type Key = keyof typeof fi;

const sv: Record<Key, string> = {
  alertsTitle: 'Loggövervakning: larm', alertsIntro: 'Övervakningsreglerna går igenom användningsloggen och lyfter fram larm för granskning. Kvittera larmet när du tar det till behandling och anteckna granskningens resultat.',
  alertTitle: 'Larm #{id}', status: 'Status', rule: 'Regel', month: 'Månad', monthHint: 'i formen ÅÅÅÅ-MM', filter: 'Filtrera', all: '(alla)',
  user: 'Användare', clients: 'Klienter', window: 'Tidsintervall', raised: 'Lyft', rows: 'Loggrader', alertsCount: '{n} larm', noAlerts: 'Inga larm med dessa villkor.',
  'status.open': 'obehandlat', 'status.acknowledged': 'kvitterat', 'status.reviewed': 'granskat',
  'rule.special-reason': 'Särskilt skäl', 'rule.own-data': 'Egen eller familjemedlems uppgift', 'rule.mass-access': 'Massanvändning',
  'rule.outside-hours': 'Utanför arbetstid', 'rule.turvakielto': 'Klient med spärrmarkering', 'rule.denied-attempts': 'Upprepade nekade försök',
  'outcome.justified': 'saklig användning', 'outcome.misuse-suspected': 'misstänkt missbruk', 'outcome.false-positive': 'obefogat larm',
  'event.raised': 'lyft', 'event.extended': 'utvidgat', 'event.reopened': 'öppnat på nytt', 'event.acknowledged': 'kvitterat', 'event.reviewed': 'granskat',
  usageRows: 'Rader i användningsloggen som larmet bygger på', at: 'Tid', client: 'Klient', action: 'Åtgärd', outcome: 'Resultat', accessRule: 'Avgörande regel', purpose: 'Grund',
  history: 'Behandlingshistorik', by: 'Av', note: 'Anteckning', acknowledge: 'Kvittera för behandling', acknowledged: 'Larmet har kvitterats.',
  reviewTitle: 'Granskning', reviewOutcome: 'Granskningens resultat', reviewNote: 'Vad granskades och vad upptäcktes', saveReview: 'Spara granskningen', reviewed: 'Granskningen har sparats.',
  details: 'Mer information', error: 'Kontrollera formuläret',
  reportTitle: 'Egenkontrollens månadsrapport', reportIntro: 'Sammanfattning av loggövervakningen i ditt register för en månad (THL:s föreskrift 2/2015).', show: 'Visa',
  reportAlerts: 'Larm per regel', total: 'Totalt', open: 'Obehandlade', reviewedCount: 'Granskade',
  reportSpecial: 'Användning med särskilt skäl', specialUses: 'Användningar', specialGrants: 'Angivna skäl', specialCommented: 'Med tillagd kommentar',
  reportUses: 'Användning', usesTotal: 'Loggrader', usesUsers: 'Användare', usesClients: 'Klienter', denied: 'Nekade försök',
  reportChain: 'Användningsloggens integritet', chainOk: 'Kontrollsummekedjan är hel', chainBroken: 'Kontrollsummekedjan har avbrott', verifiedRows: 'Kontrollerade rader',
  monitorCursor: 'Övervakningen har gått igenom raderna till identifierare {id}; {n} rader ej bedömda.',
  exportTitle: 'Export av loggar', exportIntro: 'Ladda ner rader ur användnings- eller utlämnandeloggen för den som övervakar loggregistret. Exporten registreras själv i användningsloggen.',
  log: 'Logg', logUsage: 'Användningslogg', logDisclosure: 'Utlämnandelogg', format: 'Format', from: 'Från', to: 'Till (ej inräknat)', dateHint: 'i formen ÅÅÅÅ-MM-DD',
  clientKey: 'Klient (personbeteckning, valfri)', userId: 'Användar-id (valfri)', download: 'Ladda ner', orMonth: 'eller en hel månad',
};

const en: Record<Key, string> = {
  alertsTitle: 'Log monitoring: alerts', alertsIntro: 'The monitoring rules go through the usage log and raise alerts for review. Acknowledge an alert when you take it up, and record the outcome of the review.',
  alertTitle: 'Alert #{id}', status: 'Status', rule: 'Rule', month: 'Month', monthHint: 'as YYYY-MM', filter: 'Filter', all: '(all)',
  user: 'User', clients: 'Clients', window: 'Period', raised: 'Raised', rows: 'Log rows', alertsCount: '{n} alerts', noAlerts: 'No alerts match.',
  'status.open': 'open', 'status.acknowledged': 'acknowledged', 'status.reviewed': 'reviewed',
  'rule.special-reason': 'Special reason', 'rule.own-data': "Own or a family member's data", 'rule.mass-access': 'Mass access',
  'rule.outside-hours': 'Outside working hours', 'rule.turvakielto': 'Client with turvakielto', 'rule.denied-attempts': 'Repeated denied attempts',
  'outcome.justified': 'justified use', 'outcome.misuse-suspected': 'misuse suspected', 'outcome.false-positive': 'false alarm',
  'event.raised': 'raised', 'event.extended': 'extended', 'event.reopened': 'reopened', 'event.acknowledged': 'acknowledged', 'event.reviewed': 'reviewed',
  usageRows: 'Usage-log rows the alert rests on', at: 'Time', client: 'Client', action: 'Action', outcome: 'Outcome', accessRule: 'Deciding rule', purpose: 'Purpose',
  history: 'Handling history', by: 'By', note: 'Note', acknowledge: 'Acknowledge', acknowledged: 'The alert has been acknowledged.',
  reviewTitle: 'Review', reviewOutcome: 'Outcome of the review', reviewNote: 'What was checked and what was found', saveReview: 'Save the review', reviewed: 'The review has been saved.',
  details: 'Details', error: 'Check the form',
  reportTitle: 'Monthly self-monitoring report', reportIntro: "A summary of your register's log monitoring for one month (THL regulation 2/2015).", show: 'Show',
  reportAlerts: 'Alerts by rule', total: 'Total', open: 'Open', reviewedCount: 'Reviewed',
  reportSpecial: 'Use under a special reason', specialUses: 'Uses', specialGrants: 'Reasons stated', specialCommented: 'With a later comment',
  reportUses: 'Use', usesTotal: 'Log rows', usesUsers: 'Users', usesClients: 'Clients', denied: 'Denied attempts',
  reportChain: 'Integrity of the usage log', chainOk: 'The hash chain is intact', chainBroken: 'The hash chain has breaks', verifiedRows: 'Rows verified',
  monitorCursor: 'The monitor has read rows up to id {id}; {n} rows not yet evaluated.',
  exportTitle: 'Log export', exportIntro: "Download usage-log or disclosure-log rows for the organisation's log controller. The export is itself recorded in the usage log.",
  log: 'Log', logUsage: 'Usage log', logDisclosure: 'Disclosure log', format: 'Format', from: 'From', to: 'To (exclusive)', dateHint: 'as YYYY-MM-DD',
  clientKey: 'Client (henkilötunnus, optional)', userId: 'User id (optional)', download: 'Download', orMonth: 'or a whole month',
};

export type MonitoringT = Translate<Key>;
export const monitoringMessages = defineMessages<Key>({ fi, sv, en });
export const ruleKey = (rule: string) => `rule.${rule}` as Key;
export const statusKey = (status: string) => `status.${status}` as Key;
export const outcomeKey = (outcome: string) => `outcome.${outcome}` as Key;
export const eventKey = (kind: string) => `event.${kind}` as Key;
