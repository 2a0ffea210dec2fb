import type { TokenRootCreated, TokenRootWay } from '../../../shared/dto/tokens';
import { VaultError } from '../errors';
import { writeNewFileAtomically } from '../fs/atomic-write';
import { selfSignedCertificate } from '../keys/certificate';
import { generatePrivateKey } from '../keys/generate';
import { encodeKeyFile } from '../keys/key-block';
import { keyIdOf } from '../keys/key-id';
import { ecSpki } from '../keys/key-structures';
import { notaryKeyParts } from '../keys/private-key';
import { currentKeyPath } from '../keys/store/layout';
import { checkNewPassphrase } from '../keys/store/passphrase-rules';
import { signDigestOnToken } from './token-signing';
import type { TokenClient, TokenRef } from './token-client';
import { firstFreeCkaId } from './token-keys';

/** notary's root certificates on tokens last ten years (its default root expiry). */
const CERT_YEARS = 10;
const ROOT_LABEL = 'root';

const tenYearsFrom = (now: Date) => new Date(Date.UTC(now.getUTCFullYear() + CERT_YEARS, now.getUTCMonth(), now.getUTCDate()));

export interface RootOnTokenRequest {
  trustDir: string;
  way: TokenRootWay;
  passphrase: string | undefined;
  now: Date;
}

/**
 * A root key on a token, either way:
 * - import (notary's): ECDSA P-256 made in software, imported with a self-signed certificate (CN = root) under the
 *   first free of notary's CKA_IDs, and written encrypted into the trust dir as its backup; if that write fails, the
 *   key is taken off the token again, so nothing exists that is not backed up.
 * - on-device: made on the token, never extractable: there is no backup, and no file in the trust dir.
 */
export async function createRootOnToken(client: TokenClient, ref: TokenRef, req: RootOnTokenRequest): Promise<Omit<TokenRootCreated, 'token'>> {
  const passphrase = req.way === 'import' ? checkNewPassphrase(req.passphrase) : undefined;
  if (!(await client.isLoggedIn(ref))) throw new VaultError('TOKEN_PIN_REQUIRED', 'Unlock the token with its PIN first');
  const ckaId = firstFreeCkaId(await client.objects(ref));
  if (!ckaId) throw new VaultError('TOKEN_FULL', 'Every CKA_ID notary uses for root keys (PIV slots 9c, 9e, 9d, 9a) is taken on this token');
  return req.way === 'import' ? importRoot(client, ref, ckaId, passphrase!, req) : generateRootOnDevice(client, ref, ckaId, req);
}

async function importRoot(client: TokenClient, ref: TokenRef, ckaId: string, passphrase: string, req: RootOnTokenRequest) {
  const key = generatePrivateKey('ecdsa');
  try {
    const certDer = await selfSignedCertificate({ commonName: ROOT_LABEL, spki: key.publicBytes, notBefore: req.now, notAfter: tenYearsFrom(req.now), sign: (tbs) => key.sign(tbs) });
    const parts = notaryKeyParts(key);
    if (parts.kind !== 'ecdsa') throw new VaultError('INTERNAL', 'expected an ECDSA key');
    await client.importEcPrivateKey(ref, { ckaId, label: ROOT_LABEL, d: parts.d, certDer });
    const file = currentKeyPath(req.trustDir, key.id);
    try {
      writeNewFileAtomically(file, encodeKeyFile(key, { role: ROOT_LABEL, passphrase }));
    } catch (e) {
      await client.destroyObjects(ref, ckaId).catch(() => undefined);
      throw e;
    }
    return { id: key.id, role: 'root' as const, algorithm: 'ecdsa' as const, way: 'import' as const, ckaId, backupFile: `private/${key.id}.key` };
  } finally {
    key.wipe();
  }
}

async function generateRootOnDevice(client: TokenClient, ref: TokenRef, ckaId: string, req: RootOnTokenRequest) {
  const { ecPoint } = await client.generateEcKeyPair(ref, { ckaId, label: ROOT_LABEL });
  const spki = ecSpki(ecPoint);
  try {
    // The certificate is signed on the token: the private key never leaves it.
    const certDer = await selfSignedCertificate({
      commonName: ROOT_LABEL,
      spki,
      notBefore: req.now,
      notAfter: tenYearsFrom(req.now),
      sign: (tbs) => signDigestOnToken(client, ref, ckaId, spki, tbs),
    });
    await client.storeCertificate(ref, { ckaId, label: ROOT_LABEL, certDer });
  } catch (e) {
    await client.destroyObjects(ref, ckaId).catch(() => undefined);
    throw e;
  }
  return { id: keyIdOf('ecdsa', spki), role: 'root' as const, algorithm: 'ecdsa' as const, way: 'on-device' as const, ckaId, backupFile: null };
}
