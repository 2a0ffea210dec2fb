import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { replaceFileAtomically } from '../../fs/atomic-write';

/**
 * A small JSON object file in the app's data folder (`settings/`), read leniently (an unreadable file is an empty
 * one: these files only remember, they never decide trust) and written atomically.
 */
export function readJsonObject<T extends object>(path: string): Partial<T> {
  if (!existsSync(path)) return {};
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Partial<T>) : {};
  } catch {
    return {};
  }
}

export function writeJsonObject(path: string, value: object): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  replaceFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}
