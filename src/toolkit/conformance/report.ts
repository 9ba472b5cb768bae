// The conformance report: one result per published requirement with its evidence, the verdict, and what
// was tested. Plain data (the JSON form is this object), so the HTML, the PDF and the page all show the same.
import { defineMessages, type Lang } from '../../lib/ui/i18n.ts';
import { evaluate, type Outcome, type RequirementResult } from './evaluate.ts';
import type { Observation } from './observe.ts';
import type { RequirementList } from './requirements.ts';

export type Verdict = 'conformant' | 'not-conformant' | 'incomplete';

export interface ConformanceReport {
  format: 'arkki-conformance-report/1';
  requirements: { id: string; version: string };
  /** What the vendor said it tested (name and version of the client system), as given to the harness. */
  system: string;
  archive: string;
  started: string;
  ended: string;
  exchanges: number;
  counts: Record<Outcome, number>;
  /** Conformant only when every requirement passed; any failure makes it not conformant; else incomplete. */
  verdict: Verdict;
  results: RequirementResult[];
}

export function buildReport(input: {
  observations: readonly Observation[];
  list: RequirementList;
  system: string;
  archive: string;
  started: Date;
  ended: Date;
  exchanges: number;
}): ConformanceReport {
  const results = evaluate(input.observations, input.list);
  const counts: Record<Outcome, number> = { pass: 0, fail: 0, 'not-exercised': 0 };
  for (const r of results) counts[r.outcome] += 1;
  return {
    format: 'arkki-conformance-report/1',
    requirements: { id: input.list.id, version: input.list.version },
    system: input.system,
    archive: input.archive,
    started: input.started.toISOString(),
    ended: input.ended.toISOString(),
    exchanges: input.exchanges,
    counts,
    verdict: counts.fail > 0 ? 'not-conformant' : counts['not-exercised'] > 0 ? 'incomplete' : 'conformant',
    results,
  };
}

export const reportMessages = defineMessages({
  fi: {
    title: 'Yhteensopivuusraportti',
    subtitle: 'Asiakastietojärjestelmän yhteensopivuus sosiaalihuollon asiakastiedon arkiston kanssa',
    system: 'Testattu järjestelmä',
    archive: 'Testiarkisto',
    period: 'Testiajo',
    list: 'Vaatimuslista',
    exchanges: 'Havaitut pyynnöt',
    verdict: 'Tulos',
    'verdict.conformant': 'Yhteensopiva: jokainen vaatimus täyttyi',
    'verdict.not-conformant': 'Ei yhteensopiva: vaatimuksia jäi täyttymättä',
    'verdict.incomplete': 'Keskeneräinen: kaikkia vaatimuksia ei testattu',
    requirement: 'Vaatimus',
    outcome: 'Tila',
    exercised: 'Havaintoja',
    evidence: 'Näyttö',
    source: 'Lähde',
    testCase: 'Testitapaus',
    request: 'Pyyntö',
    rule: 'Sääntö',
    document: 'Asiakirja',
    finding: 'Havainto',
    'outcome.pass': 'Täyttyi',
    'outcome.fail': 'Ei täyttynyt',
    'outcome.not-exercised': 'Ei testattu',
    counts: '{pass} täyttyi, {fail} ei täyttynyt, {notExercised} ei testattu',
    noEvidence: 'Ei havaintoja: järjestelmä ei tehnyt testitapauksen toimintoa.',
  },
  sv: {
    title: 'Överensstämmelserapport',
    subtitle: 'Klientdatasystemets överensstämmelse med arkivet för klientuppgifter inom socialvården',
    system: 'Testat system',
    archive: 'Testarkiv',
    period: 'Testkörning',
    list: 'Kravlista',
    exchanges: 'Observerade anrop',
    verdict: 'Resultat',
    'verdict.conformant': 'Överensstämmer: varje krav uppfylldes',
    'verdict.not-conformant': 'Överensstämmer inte: krav uppfylldes inte',
    'verdict.incomplete': 'Ofullständig: alla krav testades inte',
    requirement: 'Krav',
    outcome: 'Status',
    exercised: 'Observationer',
    evidence: 'Belägg',
    source: 'Källa',
    testCase: 'Testfall',
    request: 'Anrop',
    rule: 'Regel',
    document: 'Handling',
    finding: 'Observation',
    'outcome.pass': 'Uppfyllt',
    'outcome.fail': 'Inte uppfyllt',
    'outcome.not-exercised': 'Inte testat',
    counts: '{pass} uppfyllda, {fail} inte uppfyllda, {notExercised} inte testade',
    noEvidence: 'Inga observationer: systemet utförde inte testfallets funktion.',
  },
  en: {
    title: 'Conformance report',
    subtitle: "A client system's conformance with the social-welfare client data archive",
    system: 'System tested',
    archive: 'Test archive',
    period: 'Test run',
    list: 'Requirement list',
    exchanges: 'Requests observed',
    verdict: 'Verdict',
    'verdict.conformant': 'Conformant: every requirement passed',
    'verdict.not-conformant': 'Not conformant: requirements failed',
    'verdict.incomplete': 'Incomplete: not every requirement was exercised',
    requirement: 'Requirement',
    outcome: 'Outcome',
    exercised: 'Observations',
    evidence: 'Evidence',
    source: 'Source',
    testCase: 'Test case',
    request: 'Request',
    rule: 'Rule',
    document: 'Document',
    finding: 'Finding',
    'outcome.pass': 'Pass',
    'outcome.fail': 'Fail',
    'outcome.not-exercised': 'Not exercised',
    counts: '{pass} passed, {fail} failed, {notExercised} not exercised',
    noEvidence: 'No observations: the system did not do what the test case asks.',
  },
});

export type ReportLang = Lang;
