import { VaultError } from '../errors';
import { generatePrivateKey } from '../keys/generate';
import { decryptKeyBlock } from '../keys/key-block';
import type { PrivateKey } from '../keys/private-key';
import { readKeyBlock } from '../keys/store/find-key';
import { checkNewPassphrase } from '../keys/store/passphrase-rules';
import { findKeyFiles } from '../keys/store/scan';
import { readTufKey } from '../tuf/tuf-key';
import type { TufKeyObject } from './metadata/keys';
import type { BaseRole, RootSigned } from './metadata/roles';
import { type MetadataSigner, signerFromPrivateKey } from './metadata/signer';
import { passphraseOrSaved } from '../keys/saved-passphrases';
import { offlineKeyFile } from '../keys/offline-key-source';
import { decodePem } from '../keys/pem';

/** A key made for a publish: kept in memory until the server accepted the change, then written as a key file. */
export interface PendingKey {
  key: PrivateKey;
  role: 'root' | 'targets' | 'snapshot';
  /** notary writes a `gun` header for targets and snapshot keys only. */
  gun: string | null;
  passphrase: string;
}

/** A new ECDSA P-256 key (what the notary CLI makes) for a role, with the passphrase its file will get. */
export function newPendingKey(role: PendingKey['role'], gun: string, passphrase: string | undefined): PendingKey {
  let checked: string;
  try {
    checked = checkNewPassphrase(passphrase);
  } catch (e) {
    if (e instanceof VaultError) throw new VaultError(e.code, `the new ${role} key: ${e.message} (its file is encrypted with the ${role} passphrase)`);
    throw e;
  }
  return { key: generatePrivateKey('ecdsa'), role, gun: role === 'root' ? null : gun, passphrase: checked };
}

/**
 * Decrypts the key file named by its canonical ID; `what` names it in errors ("the targets key"). A key taken
 * offline into the unlocked vault is decrypted from the vault's copy for this one operation: its file does not
 * come back to the trust dir.
 */
export function decryptKeyFile(trustDir: string, canonicalId: string, passphrase: string | undefined, what: string): PrivateKey {
  const file = findKeyFiles(trustDir, canonicalId).find((k) => k.status === 'ok');
  const offline = file ? undefined : offlineKeyFile(canonicalId);
  if (!file && !offline) throw new VaultError('NOT_FOUND', `${what} ${canonicalId} is not in ${trustDir} (no usable private/${canonicalId}.key)`);
  try {
    if (file) return decryptKeyBlock(readKeyBlock(file), file.encrypted ? passphraseOrSaved(canonicalId, passphrase) : undefined);
    const block = decodePem(offline!.toString('utf8'))[0];
    if (!block) throw new VaultError('BAD_KEY_FILE', `the vault's copy holds no PEM block`);
    return decryptKeyBlock(block, passphraseOrSaved(canonicalId, passphrase));
  } catch (e) {
    if (e instanceof VaultError) throw new VaultError(e.code, `${what} ${canonicalId}: ${e.message}`);
    throw e;
  } finally {
    offline?.fill(0);
  }
}

/** The key's file is in the trust dir, or the unlocked vault holds it offline. */
export const keyUsable = (trustDir: string, canonicalId: string): boolean =>
  findKeyFiles(trustDir, canonicalId).some((f) => f.status === 'ok') || isOfflineAvailable(canonicalId);

function isOfflineAvailable(canonicalId: string): boolean {
  const bytes = offlineKeyFile(canonicalId);
  bytes?.fill(0);
  return bytes !== undefined;
}

/**
 * A signer for one of the keys root.json lists for `role`, from the first of them with a key file in the trust
 * dir. Root keys are listed as certificates (x509 ID) but filed under the certificate's public key (canonical ID,
 * NOTARY.md section 3), so the file is looked up by that and the signer listed as the certificate.
 */
export function signerForRole(trustDir: string, root: RootSigned, role: BaseRole, passphrase: string | undefined): { signer: MetadataSigner; key: PrivateKey } {
  const ids = root.roles[role].keyids;
  const listed = ids.map((id) => ({ id, key: root.keys[id] as TufKeyObject, canonical: readTufKey(root.keys[id]).canonicalId ?? id }));
  const present = listed.find((k) => keyUsable(trustDir, k.canonical));
  if (!present) {
    throw new VaultError('NOT_FOUND', `no ${role} key of this repository is in ${trustDir} (root.json lists ${listed.map((k) => k.canonical).join(', ')})`);
  }
  const key = decryptKeyFile(trustDir, present.canonical, passphrase, `the ${role} key`);
  return { key, signer: signerFromPrivateKey(key, { id: present.id, key: present.key }) };
}
