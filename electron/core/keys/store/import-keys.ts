import type { ImportReport, KeyInfo } from '../../../../shared/dto/keys';
import { isVaultError } from '../../errors';
import { writeNewFilesAtomically, type FileToWrite } from '../../fs/atomic-write';
import { decryptKeyBlock, encodeKeyFile, inspectKeyBlock } from '../key-block';
import { currentKeyPath, parseLegacyName } from './layout';
import { checkNewPassphrase } from './passphrase-rules';
import { checkRoleAlgorithm, gunForRole } from './role-rules';
import { findKeyFiles } from './scan';
import type { ImportSource } from './import-preview';

export interface ImportOptions {
  /** For blocks without a role header (a header always wins, as in notary). */
  role?: string | undefined;
  /** For blocks without a gun header; only targets and snapshot keys keep one. */
  gun?: string | undefined;
  /** Decrypts encrypted inputs; they are stored again under the same passphrase. */
  passphrase?: string | undefined;
  /** Encrypts unencrypted inputs (keys are never stored unencrypted). */
  newPassphrase?: string | undefined;
}

const PRIVATE_TYPES = ['ENCRYPTED PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY', 'ED25519 PRIVATE KEY'];

/** A `path` header of a legacy export ("root_keys/<id>_root") still says which role the key had. */
function roleFromPathHeader(path: string | undefined): string | null {
  if (!path) return null;
  const base = path.split('/').pop() ?? '';
  return parseLegacyName(base)?.role ?? null;
}

/**
 * Imports keys: each block is decrypted (to learn its true ID and check it), refused with a reason if it cannot be
 * used or is already present, and the accepted ones are written together, all or none, in notary's format.
 */
export function importKeys(trustDir: string, sources: ImportSource[], options: ImportOptions): ImportReport {
  const refused: ImportReport['refused'] = [];
  const files: FileToWrite[] = [];
  const ids: string[] = [];
  for (const { source, block } of sources) {
    try {
      if (!PRIVATE_TYPES.includes(block.type)) {
        refused.push({ source, code: 'UNSUPPORTED_KEY', reason: `a ${block.type} block is not a private key` });
        continue;
      }
      // As in `notary key import`, the block's own headers win; the role and GUN given apply to blocks without them.
      const role = block.headers.role ?? options.role ?? roleFromPathHeader(block.headers.path);
      if (!role) {
        refused.push({ source, code: 'INVALID_ARGUMENT', reason: 'the key has no role header: say which role it has' });
        continue;
      }
      const gun = gunForRole(role, block.headers.gun ?? options.gun);
      const encrypted = inspectKeyBlock(block).encrypted;
      const key = decryptKeyBlock(block, encrypted ? options.passphrase : undefined);
      try {
        checkRoleAlgorithm(role, key.algorithm);
        const already = findKeyFiles(trustDir, key.id)[0];
        if (already || ids.includes(key.id)) {
          const where = already ? already.file : 'this import, twice';
          refused.push({ source, code: 'ALREADY_EXISTS', reason: `key ${key.id} is already present (${where})` });
          continue;
        }
        const passphrase = encrypted ? (options.passphrase as string) : checkNewPassphrase(options.newPassphrase);
        files.push({ path: currentKeyPath(trustDir, key.id), data: encodeKeyFile(key, { role, gun, passphrase }) });
        ids.push(key.id);
      } finally {
        key.wipe();
      }
    } catch (e) {
      if (!isVaultError(e)) throw e;
      refused.push({ source, code: e.code, reason: e.message });
    }
  }
  if (files.length > 0) writeNewFilesAtomically(files);
  const imported: KeyInfo[] = ids.map((id) => findKeyFiles(trustDir, id)[0]!).filter(Boolean);
  return { imported, refused };
}
