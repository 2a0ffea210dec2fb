import { join } from 'node:path';
import type { GeneratedKey, KeyAlgorithm } from '../../../../shared/dto/keys';
import { VaultError } from '../../errors';
import { writeNewFilesAtomically, type FileToWrite } from '../../fs/atomic-write';
import { generatePrivateKey } from '../generate';
import { encodeKeyFile } from '../key-block';
import { currentKeyPath, kindOfRole } from './layout';
import { checkNewPassphrase } from './passphrase-rules';
import { checkRoleAlgorithm, gunForRole } from './role-rules';
import { requireKey } from './find-key';

/** `docker trust key generate` names: ^[a-z0-9][a-z0-9_-]*$ */
const DOCKER_NAME = /^[a-z0-9][a-z0-9_-]*$/;

export interface GenerateRequest {
  role: string;
  gun?: string | null | undefined;
  algorithm: KeyAlgorithm;
  rsaBits?: 2048 | 4096 | undefined;
  passphrase: string;
  /** Docker-style named signer key: also write <role>.pub here, as `docker trust key generate NAME --dir D` does. */
  publicKeyDir?: string | undefined;
}

/**
 * Makes a key and writes it in notary's exact file format to private/<id>.key (0600, folder 0700). With a public
 * key folder, NAME.pub is written too; both files appear or neither does, and an existing NAME.pub is never
 * overwritten (docker refuses too).
 */
export function generateKey(trustDir: string, req: GenerateRequest): GeneratedKey {
  const passphrase = checkNewPassphrase(req.passphrase);
  checkRoleAlgorithm(req.role, req.algorithm);
  const gun = gunForRole(req.role, req.gun);
  // NAME.pub is docker's: only for signer names (no slash), never for targets/<name> or the base roles.
  if (req.publicKeyDir !== undefined && (kindOfRole(req.role) !== 'delegation' || !DOCKER_NAME.test(req.role))) {
    throw new VaultError('INVALID_ARGUMENT', 'Only signer keys named like "alice" get a NAME.pub file');
  }
  const key = generatePrivateKey(req.algorithm, req.algorithm === 'rsa' ? { rsaBits: req.rsaBits ?? 4096 } : undefined);
  try {
    const files: FileToWrite[] = [
      { path: currentKeyPath(trustDir, key.id), data: encodeKeyFile(key, { role: req.role, gun, passphrase }) },
    ];
    const publicKeyPath = req.publicKeyDir !== undefined ? join(req.publicKeyDir, `${req.role}.pub`) : null;
    if (publicKeyPath) files.push({ path: publicKeyPath, data: key.publicKeyPem(req.role) });
    writeNewFilesAtomically(files);
    return { key: requireKey(trustDir, key.id), publicKeyPath };
  } finally {
    key.wipe();
  }
}
