// Words and value formats of the renderings in Finnish and Swedish. Formats are fixed (no locale lookup
// from the environment), so a rendering is the same on every machine: renderings are archived bodies.
import { finnishClockParts } from '../time/format.ts';
import type { LocalText } from '../structures/definition.ts';

export type RenderLang = 'fi' | 'sv';

export const WORDS = {
  documentType: { fi: 'Asiakirjatyyppi', sv: 'Dokumenttyp' },
  title: { fi: 'Otsikko', sv: 'Rubrik' },
  client: { fi: 'Asiakas', sv: 'Klient' },
  hetu: { fi: 'henkilötunnus', sv: 'personbeteckning' },
  temporaryId: { fi: 'tilapäinen tunniste', sv: 'tillfällig identifierare' },
  author: { fi: 'Laatija', sv: 'Upprättare' },
  serviceProvider: { fi: 'Palvelunjärjestäjä', sv: 'Tjänsteanordnare' },
  serviceUnit: { fi: 'Palveluyksikkö', sv: 'Serviceenhet' },
  registerKeeper: { fi: 'Rekisterinpitäjä', sv: 'Registeransvarig' },
  serviceTask: { fi: 'Palvelutehtävä', sv: 'Tjänsteuppgift' },
  socialServices: { fi: 'Sosiaalipalvelut', sv: 'Socialservice' },
  case: { fi: 'Asia', sv: 'Ärende' },
  processPhase: { fi: 'Prosessin vaihe', sv: 'Processkede' },
  created: { fi: 'Laadittu', sv: 'Upprättad' },
  completed: { fi: 'Valmistunut', sv: 'Färdigställd' },
  version: { fi: 'Versio', sv: 'Version' },
  replaces: { fi: 'korvaa asiakirjan', sv: 'ersätter dokumentet' },
  documentId: { fi: 'Asiakirjan tunniste', sv: 'Dokumentets identifierare' },
  publicity: { fi: 'Julkisuus', sv: 'Offentlighet' },
  secret: { fi: 'Salassa pidettävä', sv: 'Sekretessbelagd' },
  public: { fi: 'Julkinen', sv: 'Offentlig' },
  invalidated: { fi: 'MITÄTÖITY', sv: 'OGILTIGFÖRKLARAD' },
  invalidationReason: { fi: 'Mitätöinnin syy', sv: 'Orsak till ogiltigförklaring' },
  content: { fi: 'Sisältö', sv: 'Innehåll' },
  yes: { fi: 'Kyllä', sv: 'Ja' },
  no: { fi: 'Ei', sv: 'Nej' },
  at: { fi: 'klo', sv: 'kl.' },
  page: { fi: 'sivu', sv: 'sida' },
} as const satisfies Record<string, Record<RenderLang, string>>;

export const word = (key: keyof typeof WORDS, lang: RenderLang): string => WORDS[key][lang];

/** A definition text in `lang`; Sosmeta leaves `sv` out when it equals the Finnish text. */
export const localText = (t: LocalText, lang: RenderLang): string => (lang === 'sv' ? (t.sv ?? t.fi) : t.fi);

const DATE = /^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/** `2024-05-01` → `1.5.2024`; partial dates keep their precision (`5.2024`, `2024`). */
export function formatDate(value: string): string {
  const m = DATE.exec(value);
  if (!m) return value;
  const [, y, mo, d] = m;
  if (mo === undefined) return y!;
  if (d === undefined) return `${Number(mo)}.${y}`;
  return `${Number(d)}.${Number(mo)}.${y}`;
}

// Times are shown in Finnish local time whatever offset they were written with: the reader is in Finland.
/** `2024-05-01T10:45:00Z` → `1.5.2024 klo 13.45`; a value without a time is a date. */
export function formatDateTime(value: string, lang: RenderLang): string {
  if (!value.includes('T')) return formatDate(value);
  const t = Date.parse(value);
  if (Number.isNaN(t)) return value;
  const p = finnishClockParts(t);
  return `${p.day}.${p.month}.${p.year} ${word('at', lang)} ${p.hour}.${p.minute}`;
}

/** Finnish and Swedish number format: decimal comma, no grouping (no locale data needed). */
export function formatNumber(n: number): string {
  return String(n).replace('.', ',');
}
