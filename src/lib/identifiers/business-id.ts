// Y-tunnus (Finnish business id): 7 digits, a hyphen and a check digit (mod 11, weights 7,9,10,5,8,4,2).

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2] as const;

function show(value: string): string {
  return /^[^\s\p{C}]+$/u.test(value) ? value : JSON.stringify(value);
}

/** The check digit for 7 digits, or null when the remainder is 1: such numbers are never issued. */
export function businessIdCheckDigit(sevenDigits: string): number | null {
  if (!/^[0-9]{7}$/.test(sevenDigits)) {
    throw new RangeError(`business id check digit needs exactly 7 digits, got ${show(sevenDigits)}`);
  }
  const sum = WEIGHTS.reduce((acc, weight, i) => acc + weight * Number(sevenDigits[i]), 0);
  const remainder = sum % 11;
  if (remainder === 0) return 0;
  return remainder === 1 ? null : 11 - remainder;
}

/** Returns null when `value` is a valid business id in `1234567-8` form, otherwise a message. */
export function validateBusinessId(value: string): string | null {
  const name = `business id ${show(value)}`;
  if (!/^[0-9]{7}-[0-9]$/.test(value)) {
    return `${name} must be 7 digits, a hyphen and a check digit (1234567-8)`;
  }
  const expected = businessIdCheckDigit(value.slice(0, 7));
  if (expected === null) return `${name} is not a valid number: no check digit exists for ${value.slice(0, 7)}`;
  return Number(value[8]) === expected ? null : `${name} has a wrong check digit (expected ${expected})`;
}
