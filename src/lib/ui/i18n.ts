// Languages of the UIs (fi, sv, en) and message catalogues as plain data. Each page module defines its
// own catalogue with defineMessages, so a missing translation is a type error in that module.
import { formatInstant } from '../time/format.ts';

export type Lang = 'fi' | 'sv' | 'en';
export const LANGS: readonly Lang[] = ['fi', 'sv', 'en'];
export const DEFAULT_LANG: Lang = 'fi';
export const LANG_COOKIE = 'arkki_lang';

export type Params = Record<string, string | number>;
export type Translate<K extends string> = (key: K, params?: Params) => string;

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** `{name}` in a message is replaced by params.name; an unknown placeholder stays visible. */
function fill(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A catalogue: the same keys in every language. Returns a function giving the translator for a language. */
export function defineMessages<K extends string>(catalogue: {
  fi: Record<K, string>;
  sv: Record<K, string>;
  en: Record<K, string>;
}): (lang: Lang) => Translate<K> {
  return (lang) => (key, params) => fill(catalogue[lang][key] ?? catalogue.en[key] ?? key, params);
}

/** A text given in all three languages inline (e.g. a nav label registered by a page module). */
export type Localised = Record<Lang, string>;

/** The language cookie wins; then the first supported language of Accept-Language; then Finnish. */
export function chooseLang(cookie: string | undefined, acceptLanguage: string | undefined): Lang {
  if (isLang(cookie)) return cookie;
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { lang: tag!.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((x) => isLang(x.lang) && x.q > 0)
    .sort((a, b) => b.q - a.q);
  return (ranked[0]?.lang as Lang | undefined) ?? DEFAULT_LANG;
}

/** Dates as people in Finland read them, in the UI's language (lib/time: Finnish time, one formatter per language). */
export function formatDate(value: Date | string | null | undefined, lang: Lang, withTime = false): string {
  return formatInstant(value, lang, withTime);
}
