import { createHash } from 'node:crypto';
import { resolve } from 'node:path';

/** The renderer names trust dirs by this opaque ID, never by path: a short hash of the absolute path. */
export function trustDirIdOf(path: string): string {
  return createHash('sha256').update(resolve(path)).digest('base64url').slice(0, 16);
}
