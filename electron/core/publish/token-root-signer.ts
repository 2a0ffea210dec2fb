import type { TokenInfo } from '../../../shared/dto/tokens';
import { VaultError } from '../errors';
import { selfSignedCertificate } from '../keys/certificate';
import { keyIdOf } from '../keys/key-id';
import { ecSpki } from '../keys/key-structures';
import type { TokenClient, TokenRef } from '../token/token-client';
import { signDigestOnToken } from '../token/token-signing';
import { parseCertificate } from '../tuf/x509';
import { certificatePem, certificateTufKey, type PublicTufKey, type RootCertificateKey } from './metadata/keys';
import type { MetadataSigner } from './metadata/signer';

const DAY_MS = 86_400_000;

/** A root key on a logged-in token, ready to sign: its CKA_ID and the public key (SPKI) its signatures are checked with. */
export interface TokenRootKey {
  client: TokenClient;
  ref: TokenRef;
  token: TokenInfo;
  /** Canonical key ID (the disk backup's file name). */
  id: string;
  ckaId: string;
  spki: Buffer;
}

/**
 * Opens the key `keyId` on `token` for signing. The token must be logged in (asked of the token process, not taken
 * from the listing), else TOKEN_PIN_REQUIRED; the public key is read from the token and must hash to `keyId`.
 */
export async function openTokenRootKey(client: TokenClient, token: TokenInfo, keyId: string, ckaIdHint?: string): Promise<TokenRootKey> {
  const ref: TokenRef = { modulePath: token.modulePath, serial: token.serial };
  if (!(await client.isLoggedIn(ref))) {
    throw new VaultError('TOKEN_PIN_REQUIRED', `The root key is on the token ${token.label}: unlock it with its PIN first, then initialise the repository again`);
  }
  const ckaId = ckaIdHint ?? token.keys.find((k) => k.id === keyId)?.ckaId;
  if (!ckaId) throw new VaultError('NOT_FOUND', `The token ${token.label} holds no key ${keyId}`);
  const objects = (await client.objects(ref)).filter((o) => o.ckaId === ckaId);
  const pub = objects.find((o) => o.class === 'public-key' && o.ecPoint);
  const cert = objects.find((o) => o.class === 'certificate' && o.certDer);
  const spki = pub?.ecPoint ? ecSpki(pub.ecPoint) : cert?.certDer ? parseCertificate(cert.certDer).spki : null;
  if (!spki) throw new VaultError('TOKEN_ERROR', `The token ${token.label} holds no public key or certificate for CKA_ID ${ckaId}, so its signatures cannot be checked`);
  if (keyIdOf('ecdsa', spki) !== keyId) throw new VaultError('TOKEN_ERROR', `The key under CKA_ID ${ckaId} on ${token.label} is not ${keyId}`);
  return { client, ref, token, id: keyId, ckaId, spki };
}

const signOnToken = (k: TokenRootKey, data: Buffer) => signDigestOnToken(k.client, k.ref, k.ckaId, k.spki, data);

/**
 * The repository's root certificate (CN = GUN), signed on the token: the same certificate rootCertificateKey makes
 * for a key in memory (ten 365-day years, so it expires with root.json).
 */
export async function tokenRootCertificate(k: TokenRootKey, gun: string, now: Date, years = 10): Promise<RootCertificateKey> {
  const der = await selfSignedCertificate({
    commonName: gun,
    spki: k.spki,
    notBefore: now,
    notAfter: new Date(now.getTime() + years * 365 * DAY_MS),
    sign: (tbs) => signOnToken(k, tbs),
  });
  const pem = certificatePem(der);
  return { ...certificateTufKey(pem, 'ecdsa'), pem, der };
}

/** A metadata signer for the token key, listed as `listedAs` (its certificate); every signature is verified first. */
export function tokenRootSigner(k: TokenRootKey, listedAs: RootCertificateKey | PublicTufKey): MetadataSigner {
  const spki = 'der' in listedAs ? parseCertificate(listedAs.der).spki : null;
  if (spki && !spki.equals(k.spki)) throw new VaultError('INVALID_ARGUMENT', `the listed key ${listedAs.id} is not the public key of ${k.id}`);
  return { keyId: listedAs.id, method: 'ecdsa', publicKey: listedAs.key, sign: (bytes) => signOnToken(k, bytes) };
}
