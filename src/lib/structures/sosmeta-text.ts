// Reading the human-written parts of a Sosmeta field block: multilingual texts, code-system names in
// classification texts, and code listings such as "1 = Isyys, 2 = Toisen äidin äitiys".
import type { LocalText } from './definition.ts';

export interface SosmetaText {
  lang: string;
  value: string;
}

const OID_AT_END = /\s((?:[0-2])(?:\.\d+)+)\s*$/;
const BARE_OID = /^[0-2](\.\d+)+$/;

/** fi (or language-less) and sv texts; "-" means "no text" in Sosmeta. sv is kept only when it differs. */
export function localText(list: unknown): LocalText | undefined {
  if (!Array.isArray(list)) return undefined;
  const texts = list as SosmetaText[];
  const pick = (langs: string[]) =>
    texts.find((t) => langs.includes(t.lang) && typeof t.value === 'string' && t.value.trim() !== '' && t.value.trim() !== '-')?.value;
  const fi = pick(['fi', '']) ?? pick(['sv']);
  if (fi === undefined) return undefined;
  const sv = pick(['sv']);
  return sv !== undefined && sv !== fi ? { fi, sv } : { fi };
}

/** The first language-less value (classificationOid, classificationLink, systemUri). */
export function plainValue(list: unknown): string | undefined {
  if (!Array.isArray(list)) return undefined;
  const v = (list as SosmetaText[]).find((t) => typeof t.value === 'string' && t.value.trim() !== '')?.value;
  return v?.trim();
}

export function isOid(value: string | undefined): value is string {
  return value !== undefined && BARE_OID.test(value);
}

/** "Koodistopalvelin: THL - SOTE-organisaatiorekisteri 1.2.246.537.6.202" → the OID at the end. */
export function oidInClassification(text: string | undefined): string | undefined {
  return text ? OID_AT_END.exec(text)?.[1] : undefined;
}

/** The code system's name from a classification text, without the "Koodistopalvelin:" prefix and OID. */
export function codeSystemName(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const withoutOid = text.replace(OID_AT_END, '').trim();
  const colon = withoutOid.indexOf(':');
  const name = (colon >= 0 && colon < 30 ? withoutOid.slice(colon + 1) : withoutOid).trim();
  return name === '' ? undefined : name;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Names of the known `codes` in a listing like "Sisäinen luokitus: 1 = Isyys, 2 = Toisen äidin äitiys".
 * Only the codes already known from the schema are looked for, so commas inside names do not split them.
 */
export function parseCodeListing(text: string, codes: readonly string[]): Map<string, string> {
  const hits: { code: string; start: number; end: number }[] = [];
  for (const code of codes) {
    const m = new RegExp(`(^|[\\s,:;(])${escapeRegExp(code)}\\s*=\\s*`).exec(text);
    if (m) hits.push({ code, start: m.index + m[1]!.length, end: m.index + m[0].length });
  }
  hits.sort((a, b) => a.start - b.start);
  // Any "<token> =" after a separator also ends a name: listings may hold codes the schema does not allow.
  const cuts = [...text.matchAll(/(?:^|[,;\n:])\s*[^\s=,;:]+\s*=\s/g)].map((m) => m.index!);
  const names = new Map<string, string>();
  for (const h of hits) {
    const next = Math.min(text.length, ...cuts.filter((c) => c > h.start), ...hits.filter((o) => o.start > h.start).map((o) => o.start));
    const name = text.slice(h.end, next).trim().replace(/[,;]$/, '').trim();
    if (name !== '') names.set(h.code, name);
  }
  return names;
}
