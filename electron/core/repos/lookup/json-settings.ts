import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { replaceFileAtomically } from '../../fs/atomic-write';
import { readFileOrRefuse } from '../../fs/read-regular-file';

/**
 * A small JSON object file in the app's data folder (`settings/`), read leniently (an unreadable file is an empty
 * one: these files only remember, they never decide trust) and written atomically.
 */
export function readJsonObject<T extends object>(path: string): Partial<T> {
  try {
    // Bounded and never blocking (a FIFO in its place is "unreadable", so empty).
    const bytes = readFileOrRefuse(path, { what: 'the settings file', maxBytes: 4 * 1024 * 1024 });
    if (bytes === null) return {};
    const parsed = JSON.parse(bytes.toString('utf8')) as unknown;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Partial<T>) : {};
  } catch {
    return {};
  }
}

export function writeJsonObject(path: string, value: object): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  replaceFileAtomically(path, `${JSON.stringify(value, null, 2)}\n`);
}
