// Machine-readable conditions from Sosmeta implementation notes. The notes are free Finnish text; only
// wordings that name sibling fields unambiguously become rules, the rest stay as the note alone. A rule
// may be weaker than the note (e.g. "empty or no" read as "no"), never stronger: a wrong rule would
// refuse valid national content.
import type { ConditionRule, FieldFile } from './definition.ts';

const norm = (s: string) => s.toLocaleLowerCase('fi').replace(/[”“"]/g, '"');

/** Sentences of a note that state when something is required. */
function requirementSentences(note: string): string[] {
  return note.split(/(?<=[.!])\s+/).filter((s) => /pakollinen/i.test(s));
}

/** Siblings whose Finnish label occurs in `text` as a whole phrase. */
function mentioned(text: string, siblings: readonly FieldFile[]): FieldFile[] {
  const t = norm(text);
  // Notes name a field by its label or by its title (the heading shown instead of the label).
  return siblings.filter((f) => [f.label.fi, f.title?.fi].some((name) => name !== undefined && occurs(t, norm(name).trim())));
}

function occurs(text: string, phrase: string): boolean {
  if (phrase.length < 3) return false;
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + 1)) {
    const before = at === 0 ? ' ' : text[at - 1]!;
    const after = text[at + phrase.length] ?? ' ';
    if (/[\s"(:]/.test(before) && /[\s"\-,.)]/.test(after)) return true;
  }
  return false;
}

const ONE_OF =
  /(kentistä|tietokokonaisuuksista)\s+(toinen|yksi)|\bjoko\b|toinen kentistä|yksi seuraavista kentistä|toinen seuraavista kentistä/i;

function oneOf(field: FieldFile, sentence: string, siblings: readonly FieldFile[]): ConditionRule | undefined {
  if (!ONE_OF.test(sentence)) return undefined;
  const named = mentioned(sentence, siblings);
  const keys = new Set(named.map((f) => f.key));
  if (/tämä kenttä|tämän kentän/i.test(sentence)) keys.add(field.key);
  if (!keys.has(field.key) || keys.size < 2) return undefined;
  return { kind: 'one-of', fields: siblings.filter((f) => keys.has(f.key)).map((f) => f.key) };
}

/** "Required if field X is left empty" = at least one of the two. */
function ifOtherEmpty(field: FieldFile, sentence: string, siblings: readonly FieldFile[]): ConditionRule | undefined {
  if (!/(jätetään|jätetty|on jätetty) tyhjäksi/i.test(sentence)) return undefined;
  const others = mentioned(sentence, siblings).filter((f) => f.key !== field.key);
  if (others.length !== 1) return undefined;
  return { kind: 'one-of', fields: siblings.filter((f) => f === field || f === others[0]).map((f) => f.key) };
}

function requiredIf(field: FieldFile, sentence: string, siblings: readonly FieldFile[]): ConditionRule | undefined {
  if (!/\bjos\b|mikäli/i.test(sentence)) return undefined;
  // "this field or that one is required if …" is a choice, not a plain requirement.
  if (/kenttä tai\b|tai tämä kenttä|tietokokonaisuus tai\b/i.test(sentence)) return undefined;
  const others = mentioned(sentence, siblings).filter((f) => f.key !== field.key);
  const answer = /(?:vastattu|asennossa|kirjattu)\s*"?(kyllä|ei)(?!\p{L})/iu.exec(norm(sentence));
  if (answer) {
    const flags = others.filter((f) => f.type === 'boolean' && !f.repeatable);
    if (flags.length !== 1) return undefined;
    return { kind: 'required-if', field: flags[0]!.key, equals: answer[1] === 'kyllä' };
  }
  const chosen = /valittu\s+(?:luokka|koodi)?\s*"?([0-9][0-9.]*)\b/i.exec(sentence);
  if (chosen) {
    const coded = others.filter((f) => f.type === 'code');
    if (coded.length !== 1) return undefined;
    const code = chosen[1]!.replace(/\.$/, '');
    const allowed = coded[0]!.code?.values;
    if (allowed && !allowed.some((v) => v.code === code)) return undefined;
    return { kind: 'required-if', field: coded[0]!.key, equals: code };
  }
  return undefined;
}

/** The rule a conditional field's note states about its siblings, if it can be read reliably. */
export function deriveCondition(field: FieldFile, siblings: readonly FieldFile[]): ConditionRule | undefined {
  const note = field.note?.fi;
  if (!field.conditional || !note) return undefined;
  for (const sentence of requirementSentences(note)) {
    const rule = oneOf(field, sentence, siblings) ?? ifOtherEmpty(field, sentence, siblings) ?? requiredIf(field, sentence, siblings);
    if (rule) return rule;
  }
  return undefined;
}
