// Henkilötunnus (Finnish personal identity code), DDMMYYCZZZQ — domain README §11.
// Sex is deliberately not derived from ZZZ: a planned reform drops that meaning.

export interface HetuInfo {
  value: string;
  /** YYYY-MM-DD */
  birthDate: string;
  individualNumber: number;
  isTestNumber: boolean;
}

export type HetuParseResult = { ok: true; hetu: HetuInfo } | { ok: false; message: string };

const CHECK_ALPHABET = '0123456789ABCDEFHJKLMNPRSTUVWXY';

// The extra 1900s/2000s letters exist since 1 Jan 2023; all are equally valid.
const CENTURY_BY_SIGN: Readonly<Record<string, number>> = {
  '+': 1800,
  '-': 1900,
  Y: 1900,
  X: 1900,
  W: 1900,
  V: 1900,
  U: 1900,
  A: 2000,
  B: 2000,
  C: 2000,
  D: 2000,
  E: 2000,
  F: 2000,
};

const PRIMARY_SIGN_BY_CENTURY: Readonly<Record<number, string>> = { 1800: '+', 1900: '-', 2000: 'A' };

interface HetuParts {
  dd: string;
  mm: string;
  yy: string;
  century: number;
  zzz: string;
  check: string;
}

// Quote only when the raw value would be invisible or misleading in a message (empty, whitespace, control).
function show(value: string): string {
  return /^[^\s\p{C}]+$/u.test(value) ? value : JSON.stringify(value);
}

export function hetuCheckCharacter(nineDigits: string): string {
  if (!/^[0-9]{9}$/.test(nineDigits)) {
    throw new RangeError(`check character needs exactly 9 digits (DDMMYYZZZ), got ${show(nineDigits)}`);
  }
  // 9 digits stay far below 2^53, so Number arithmetic is exact.
  return CHECK_ALPHABET[Number(nineDigits) % 31]!;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Splits the 11-character form, checking only its shape; `noun` names the identifier in messages. */
function splitHetu(input: string, noun: string): HetuParts | string {
  const name = `${noun} ${show(input)}`;
  if (input.length !== 11) {
    const hint = input.trim() !== input ? '; remove the surrounding whitespace' : '';
    return `${name} must be 11 characters (DDMMYYCZZZQ), got ${input.length}${hint}`;
  }
  if (!/^[0-9]{6}$/.test(input.slice(0, 6))) {
    return `${name} must start with the birth date as 6 digits (DDMMYY), got '${input.slice(0, 6)}'`;
  }
  const sign = input[6]!;
  const century = CENTURY_BY_SIGN[sign];
  if (century === undefined) {
    const upper = sign.toUpperCase();
    if (upper !== sign && CENTURY_BY_SIGN[upper] !== undefined) {
      return `${name} has a lowercase century sign '${sign}'; it must be uppercase '${upper}'`;
    }
    return `${name} has an unknown century sign '${sign}' (expected + - Y X W V U A B C D E F)`;
  }
  const zzz = input.slice(7, 10);
  if (!/^[0-9]{3}$/.test(zzz)) {
    return `${name} must have the individual number as 3 digits after the century sign, got '${zzz}'`;
  }
  const check = input[10]!;
  if (/^[a-z]$/.test(check)) {
    return `${name} has a lowercase check character '${check}'; it must be uppercase '${check.toUpperCase()}'`;
  }
  return { dd: input.slice(0, 2), mm: input.slice(2, 4), yy: input.slice(4, 6), century, zzz, check };
}

function checkCharacterError(name: string, parts: HetuParts): string | null {
  const expected = hetuCheckCharacter(parts.dd + parts.mm + parts.yy + parts.zzz);
  return parts.check === expected ? null : `${name} has a wrong check character (expected ${expected})`;
}

export function parseHetu(input: string): HetuParseResult {
  const parts = splitHetu(input, 'henkilötunnus');
  if (typeof parts === 'string') return { ok: false, message: parts };
  const name = `henkilötunnus ${input}`;
  const year = parts.century + Number(parts.yy);
  if (!isCalendarDate(year, Number(parts.mm), Number(parts.dd))) {
    return { ok: false, message: `${name} has an impossible date ${parts.dd}.${parts.mm}.${year}` };
  }
  const individualNumber = Number(parts.zzz);
  if (individualNumber < 2) {
    return {
      ok: false,
      message: `${name} individual number ${parts.zzz} is not in use (002–899, test numbers 900–999)`,
    };
  }
  const checkError = checkCharacterError(name, parts);
  if (checkError) return { ok: false, message: checkError };
  return {
    ok: true,
    hetu: {
      value: input,
      birthDate: `${year}-${parts.mm}-${parts.dd}`,
      individualNumber,
      isTestNumber: individualNumber >= 900,
    },
  };
}

/**
 * Checks only the 11-character form and its check character, not the calendar date or the individual
 * number range: a temporary identifier may carry a placeholder birth date.
 */
export function validateHetuForm(input: string, noun = 'henkilötunnus'): string | null {
  const parts = splitHetu(input, noun);
  if (typeof parts === 'string') return parts;
  return checkCharacterError(`${noun} ${input}`, parts);
}

/** Builds a henkilötunnus with the primary century sign; intended for demo and test data (use 900–999). */
export function makeHetu(birthDate: string, individualNumber: number): string {
  const m = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/.exec(birthDate);
  if (!m) throw new RangeError(`birth date ${show(birthDate)} must be YYYY-MM-DD`);
  const year = Number(m[1]);
  const sign = PRIMARY_SIGN_BY_CENTURY[Math.floor(year / 100) * 100];
  if (sign === undefined) {
    throw new RangeError(`birth date ${birthDate} is outside the years a henkilötunnus can express (1800–2099)`);
  }
  if (!isCalendarDate(year, Number(m[2]), Number(m[3]))) {
    throw new RangeError(`birth date ${birthDate} is not a real calendar date`);
  }
  if (!Number.isInteger(individualNumber) || individualNumber < 2 || individualNumber > 999) {
    throw new RangeError(`individual number ${individualNumber} must be an integer 2–999 (test numbers 900–999)`);
  }
  const dd = m[3]!;
  const mm = m[2]!;
  const yy = m[1]!.slice(2);
  const zzz = String(individualNumber).padStart(3, '0');
  return `${dd}${mm}${yy}${sign}${zzz}${hetuCheckCharacter(dd + mm + yy + zzz)}`;
}
