/**
 * Small structural checks for the vault's own JSON files (backup manifest, ledger). Written by hand rather than
 * with zod so the CLI bundle stays small and quick to start; each returns the value or throws a message naming the
 * field.
 */

export class ShapeError extends Error {}

export type Check<T> = (value: unknown, at: string) => T;

export const str =
  (max: number, pattern?: RegExp): Check<string> =>
  (v, at) => {
    if (typeof v !== 'string' || v.length > max || (pattern && !pattern.test(v))) throw new ShapeError(`${at} is not a valid value`);
    return v;
  };

export const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (v, at) =>
    v === null ? null : check(v, at);

export const bool: Check<boolean> = (v, at) => {
  if (typeof v !== 'boolean') throw new ShapeError(`${at} is not true or false`);
  return v;
};

export const literal =
  <T extends string | number>(expected: T): Check<T> =>
  (v, at) => {
    if (v !== expected) throw new ShapeError(`${at} is not ${String(expected)}`);
    return expected;
  };

export const array =
  <T>(check: Check<T>, max: number): Check<T[]> =>
  (v, at) => {
    if (!Array.isArray(v) || v.length > max) throw new ShapeError(`${at} is not a list (of at most ${max})`);
    return v.map((item, i) => check(item, `${at}[${i}]`));
  };

export const object =
  <T extends object>(fields: { [K in keyof T]: Check<T[K]> }): Check<T> =>
  (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new ShapeError(`${at} is not an object`);
    const out = {} as T;
    for (const key of Object.keys(fields) as (keyof T & string)[]) out[key] = fields[key]((v as Record<string, unknown>)[key], `${at}.${key}`);
    return out;
  };

export const isoDate: Check<string> = (v, at) => {
  const s = str(40)(v, at);
  if (Number.isNaN(Date.parse(s))) throw new ShapeError(`${at} is not a date`);
  return s;
};
