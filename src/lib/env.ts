import { resolve } from 'node:path';

// One typed reader of the process environment for every system's config.ts: each setting is read once at
// start-up, and a bad value stops start-up with the setting named and the rule it broke.

export type Env = Readonly<Record<string, string | undefined>>;

export class ConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(`configuration ${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

export interface EnvReader {
  /** The raw value, or undefined when unset or empty. */
  raw(name: string): string | undefined;
  string(name: string, fallback: string): string;
  integer(name: string, fallback: number, min: number, max: number): number;
  /** An optional whole number (absent = undefined). */
  optionalInteger(name: string, min: number, max: number): number | undefined;
  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T;
  /** A postgres:// URL or undefined. */
  postgresUrl(name: string): string | undefined;
  /** An absolute path (relative values resolve against the working directory), or the fallback resolved. */
  path(name: string, fallback: string): string;
  optionalPath(name: string): string | undefined;
  /** Whole minutes as milliseconds. */
  minutes(name: string, fallbackMs: number, maxMinutes: number): number;
}

export function envReader(env: Env): EnvReader {
  const raw = (name: string) => {
    const v = env[name];
    return v === undefined || v === '' ? undefined : v;
  };
  const whole = (name: string, value: string, min: number, max: number): number => {
    if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got '${value}'`);
    const n = Number(value);
    if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`);
    return n;
  };
  return {
    raw,
    string: (name, fallback) => raw(name) ?? fallback,
    integer: (name, fallback, min, max) => {
      const v = raw(name);
      return v === undefined ? fallback : whole(name, v, min, max);
    },
    optionalInteger: (name, min, max) => {
      const v = raw(name);
      return v === undefined ? undefined : whole(name, v, min, max);
    },
    oneOf: (name, values, fallback) => {
      const v = raw(name) ?? fallback;
      if (!(values as readonly string[]).includes(v))
        throw new ConfigError(
          name,
          `must be ${values.length === 2 ? `'${values[0]}' or '${values[1]}'` : `one of ${values.join(', ')}`}, got '${v}'`,
        );
      return v as (typeof values)[number];
    },
    postgresUrl: (name) => {
      const v = raw(name);
      if (v !== undefined && !/^postgres(ql)?:\/\//.test(v)) throw new ConfigError(name, 'must be a postgres:// or postgresql:// URL');
      return v;
    },
    path: (name, fallback) => resolve(raw(name) ?? fallback),
    optionalPath: (name) => {
      const v = raw(name);
      return v === undefined ? undefined : resolve(v);
    },
    minutes: (name, fallbackMs, maxMinutes) => {
      const v = raw(name);
      if (v === undefined) return fallbackMs;
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > maxMinutes)
        throw new ConfigError(name, `must be a whole number of minutes between 1 and ${maxMinutes}, got '${v}'`);
      return Number(v) * 60_000;
    },
  };
}
