// The published list of conformance requirements (data/conformance/requirements.json): what a vendor's client
// system is certified against. The list is data so a vendor can read it without our code; this module only
// loads it and checks it is whole, so a typo in the file fails at start rather than in a report.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export type Lang = 'fi' | 'sv' | 'en';
export const LANGS: readonly Lang[] = ['fi', 'sv', 'en'];
export type Texts = Record<Lang, string>;

export const REQUIREMENT_KEYS = [
  'clienthood-first',
  'mandatory-metadata',
  'codes-valid',
  'system-signature',
  'new-version',
  'invalidation-reason',
  'refusal-handled',
  'reads-with-purpose',
  'professional-identity',
  'special-reason',
  'document-body',
] as const;
export type RequirementKey = (typeof REQUIREMENT_KEYS)[number];

export interface Requirement {
  /** Published id (K01…), cited in reports and in docs/conformance.md. */
  id: string;
  /** The harness's name for the check it runs. */
  key: RequirementKey;
  title: Texts;
  rule: Texts;
  /** Where the requirement comes from, as a vendor or a project reads it (shown on the page and the report). */
  source: Texts;
  /** The same for the developers: the domain README sections and seed documents it was derived from (not shown). */
  trace: string;
  /** Archive validation rules that, in an answer to an interaction this requirement covers, count as its failure. */
  archiveRules: string[];
  /** What the vendor does in its system so that the requirement is exercised. */
  testCase: string;
}

export interface RequirementList {
  id: string;
  version: string;
  description: string;
  /** The social-service code of the provoked-refusal test case: refused on purpose, exercises K07. */
  provokedRefusalSocialService: string;
  requirements: Requirement[];
}

export const REQUIREMENTS_FILE = fileURLToPath(new URL('../../../data/conformance/requirements.json', import.meta.url));

export function parseRequirementList(value: unknown): RequirementList {
  const list = value as RequirementList;
  const fail = (what: string) => {
    throw new Error(`${REQUIREMENTS_FILE}: ${what}`);
  };
  if (!list || !Array.isArray(list.requirements)) fail('requirements must be a list');
  if (typeof list.provokedRefusalSocialService !== 'string') fail('provokedRefusalSocialService must be a code');
  const seen = new Set<string>();
  for (const r of list.requirements) {
    if (!/^K\d{2}$/.test(r.id)) fail(`requirement id '${r.id}' must look like K01`);
    if (!REQUIREMENT_KEYS.includes(r.key)) fail(`${r.id}: key '${r.key}' has no check in the harness`);
    if (seen.has(r.key)) fail(`${r.id}: key '${r.key}' is listed twice`);
    seen.add(r.key);
    for (const lang of LANGS) {
      if (!r.title?.[lang] || !r.rule?.[lang] || !r.source?.[lang]) fail(`${r.id}: title, rule and source need a ${lang} text`);
    }
    if (!r.trace) fail(`${r.id}: trace is required`);
    if (!Array.isArray(r.archiveRules)) fail(`${r.id}: archiveRules must be a list`);
  }
  for (const key of REQUIREMENT_KEYS) if (!seen.has(key)) fail(`the check '${key}' has no published requirement`);
  return list;
}

let cached: RequirementList | undefined;
export function requirementList(): RequirementList {
  cached ??= parseRequirementList(JSON.parse(readFileSync(REQUIREMENTS_FILE, 'utf8')));
  return cached;
}
