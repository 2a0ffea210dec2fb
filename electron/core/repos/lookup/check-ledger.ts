import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { RecordedCheck } from '../../../../shared/dto/repo-lookup';
import { readJsonObject, writeJsonObject } from './json-settings';

/**
 * The last check of each repository (per trust dir and GUN), so a verdict can say when and against what it was
 * reached, and an unreachable server shows the last verdict reached with its age (issue 15). Informs the UI only:
 * trust is always decided by verifying the metadata again.
 */

interface Entry {
  /** The latest check, whatever its verdict. */
  latest?: RecordedCheck;
  /** The latest check that reached a server and verified something (not `unreachable`). */
  reached?: RecordedCheck;
}

const fileOf = (dataDir: string) => join(dataDir, 'settings', 'repo-checks.json');
const dirKey = (trustDir: string) => createHash('sha256').update(trustDir).digest('hex').slice(0, 32);

export function recordCheck(dataDir: string, trustDir: string, gun: string, check: RecordedCheck): void {
  const all = readJsonObject<Record<string, Record<string, Entry>>>(fileOf(dataDir));
  const forDir = (all[dirKey(trustDir)] ??= {});
  const entry = (forDir[gun] ??= {});
  entry.latest = check;
  if (check.verdict !== 'unreachable') entry.reached = check;
  writeJsonObject(fileOf(dataDir), all);
}

export function recordedChecks(dataDir: string, trustDir: string, gun: string): Entry {
  const e = readJsonObject<Record<string, Record<string, Entry>>>(fileOf(dataDir))[dirKey(trustDir)]?.[gun];
  return typeof e === 'object' && e !== null ? e : {};
}
