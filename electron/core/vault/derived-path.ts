import { isAbsolute, join, relative, resolve } from 'node:path';
import { VaultError } from '../errors';

/**
 * <trust dir>/private/<id>.key: the only path a locked vault derives (issue 12, point 2), from a key ID that must be
 * 64 hex characters, checked to stay inside the trust dir.
 */
export function derivedKeyPath(trustDir: string, keyId: string): string {
  if (!/^[0-9a-f]{64}$/.test(keyId)) throw new VaultError('VAULT_DAMAGED', `${keyId.slice(0, 80)} is not a key ID`);
  return insideTrustDir(trustDir, `private/${keyId}.key`);
}

/** join(trustDir, file), refused (VAULT_DAMAGED) unless it stays inside trustDir. */
export function insideTrustDir(trustDir: string, file: string): string {
  const dir = resolve(trustDir);
  const path = resolve(dir, file);
  const rel = relative(dir, path);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new VaultError('VAULT_DAMAGED', `${file} is not inside the trust dir ${dir}`);
  return join(dir, rel);
}
