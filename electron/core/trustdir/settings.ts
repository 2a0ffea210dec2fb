import { join } from 'node:path';
import { replaceFileAtomically } from '../fs/atomic-write';
import { readFileOrRefuse } from '../fs/read-regular-file';

/** What the vault remembers about trust dirs, in <dataDir>/settings.json. */
export interface TrustDirSettings {
  /** Folders the user added, absolute paths. */
  custom: string[];
  /** Default folders the user chose to forget. */
  hidden: string[];
  /** The remembered choice, as a path (IDs are derived from paths). */
  selected: string | null;
}

const MAX_SETTINGS_BYTES = 256 * 1024;
const empty = (): TrustDirSettings => ({ custom: [], hidden: [], selected: null });

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s.length > 0 && s.length < 4096).slice(0, 100) : [];

/** Reads settings defensively: a missing, oversized or malformed file gives the defaults, never a crash. */
export function readTrustDirSettings(dataDir: string): TrustDirSettings {
  let all: Record<string, unknown>;
  try {
    const bytes = readFileOrRefuse(join(dataDir, 'settings.json'), { what: 'the settings file', maxBytes: MAX_SETTINGS_BYTES });
    if (bytes === null) return empty();
    all = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
  } catch {
    return empty();
  }
  const t = (all && typeof all === 'object' ? all.trustDirs : undefined) as Record<string, unknown> | undefined;
  if (!t || typeof t !== 'object') return empty();
  return { custom: strings(t.custom), hidden: strings(t.hidden), selected: typeof t.selected === 'string' ? t.selected : null };
}

/** Writes settings atomically, keeping any other sections other capabilities store in the same file. */
export function writeTrustDirSettings(dataDir: string, settings: TrustDirSettings): void {
  const file = join(dataDir, 'settings.json');
  let all: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(readFileOrRefuse(file, { what: 'the settings file', maxBytes: MAX_SETTINGS_BYTES })?.toString('utf8') ?? '') as unknown;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) all = parsed as Record<string, unknown>;
  } catch {
    /* none yet, or unreadable: start afresh */
  }
  all.trustDirs = settings;
  replaceFileAtomically(file, `${JSON.stringify(all, null, 2)}\n`);
}
