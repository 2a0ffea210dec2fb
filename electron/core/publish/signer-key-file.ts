import { createPublicKey } from 'node:crypto';
import { VaultError } from '../errors';
import { readExistingFile } from '../fs/read-regular-file';
import { decodePem } from '../keys/pem';
import { parseCertificate } from '../tuf/x509';
import { certificatePem, type PublicTufKey, tufKeyOf } from './metadata/keys';

/** A signer's public key as read from a .pub file or a certificate: the TUF key, its IDs and the PEM `role` header. */
export interface SignerKeyFile extends PublicTufKey {
  /** The ID notary's key files and `notary delegation list` use (the certificate's public key, for *-x509). */
  canonicalId: string;
  /** docker writes `role: NAME` into NAME.pub; null when absent. */
  role: string | null;
}

/** Far more than any public key or certificate: a bigger file is not one. */
const MAX_FILE_BYTES = 256 * 1024;
/** DER SubjectPublicKeyInfo of an Ed25519 key, up to the 32 key bytes. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

const bad = (what: string, why: string) => new VaultError('BAD_KEY_FILE', `${what}: ${why}`);

/** Reads a signer key file from disk (see parseSignerKeyFile). */
export function readSignerKeyFile(path: string, now: Date = new Date()): SignerKeyFile {
  const text = readExistingFile(path, { what: 'the signer key file', maxBytes: MAX_FILE_BYTES, followLinks: true }).toString('latin1');
  return parseSignerKeyFile(text, path, now);
}

/**
 * The signer key in a PEM text, as `notary delegation add` and `docker trust signer add` accept it: the first
 * block must be a `PUBLIC KEY` (ECDSA or RSA SubjectPublicKeyInfo, as docker writes NAME.pub; Ed25519 too, raw or
 * SPKI) or a `CERTIFICATE` (ECDSA or RSA, listed as `ecdsa-x509` / `rsa-x509` with the certificate re-encoded as Go
 * does, valid now; a CA certificate is accepted, as notary does). A private key is refused: only the public half
 * goes into the repository, and the private file should not be handed around.
 */
export function parseSignerKeyFile(text: string, what: string, now: Date = new Date()): SignerKeyFile {
  const blocks = decodePem(text);
  const block = blocks[0];
  if (!block) throw bad(what, 'no PEM block: choose the signer\'s .pub file (PUBLIC KEY) or a certificate (CERTIFICATE)');
  if (/PRIVATE KEY/.test(block.type)) {
    throw bad(what, `this is a private key (${block.type}); choose the public key (the NAME.pub docker trust key generate wrote) or a certificate instead`);
  }
  const role = block.headers.role ?? null;
  if (block.type === 'PUBLIC KEY') return { ...publicKeyOf(block.bytes, what), role };
  if (block.type === 'CERTIFICATE') return { ...certificateKeyOf(block.bytes, what, now), role };
  throw bad(what, `a ${block.type} block is neither a PUBLIC KEY nor a CERTIFICATE`);
}

function publicKeyOf(der: Buffer, what: string): Omit<SignerKeyFile, 'role'> {
  // The vault's own .pub for an Ed25519 key holds the raw 32 bytes (notary's ed25519 public key format).
  if (der.length === 32) return withCanonical(tufKeyOf('ed25519', der));
  if (der.length === ED25519_SPKI_PREFIX.length + 32 && der.subarray(0, ED25519_SPKI_PREFIX.length).equals(ED25519_SPKI_PREFIX)) {
    return withCanonical(tufKeyOf('ed25519', der.subarray(ED25519_SPKI_PREFIX.length)));
  }
  let type: string | undefined;
  let bits: number | undefined;
  try {
    const key = createPublicKey({ key: der, format: 'der', type: 'spki' });
    type = key.asymmetricKeyType;
    bits = key.asymmetricKeyDetails?.modulusLength;
  } catch (e) {
    throw bad(what, `the PUBLIC KEY block is not a readable public key (${e instanceof Error ? e.message : String(e)})`);
  }
  if (type === 'ec') return withCanonical(tufKeyOf('ecdsa', der));
  if (type === 'rsa') {
    checkRsaBits(bits, what);
    return withCanonical(tufKeyOf('rsa', der));
  }
  throw new VaultError('UNSUPPORTED_KEY', `${what}: a ${type ?? 'unknown'} public key cannot sign for notary (ECDSA, RSA or Ed25519)`);
}

function certificateKeyOf(der: Buffer, what: string, now: Date): Omit<SignerKeyFile, 'role'> {
  let cert: ReturnType<typeof parseCertificate>;
  try {
    cert = parseCertificate(der);
  } catch (e) {
    throw bad(what, `the CERTIFICATE block is not a readable X.509 certificate (${e instanceof Error ? e.message : String(e)})`);
  }
  if (cert.keyType === 'other') throw new VaultError('UNSUPPORTED_KEY', `${what}: the certificate holds neither an ECDSA nor an RSA key`);
  // notary's delegation add (ValidateCertificate) refuses certificates outside their validity period.
  if (now < cert.notBefore) throw new VaultError('INVALID_ARGUMENT', `${what}: the certificate is not valid before ${cert.notBefore.toISOString()}`);
  if (now > cert.notAfter) throw new VaultError('EXPIRED', `${what}: the certificate expired at ${cert.notAfter.toISOString()}`);
  if (cert.keyType === 'rsa') checkRsaBits(createPublicKey({ key: cert.spki, format: 'der', type: 'spki' }).asymmetricKeyDetails?.modulusLength, what);
  const key = tufKeyOf(`${cert.keyType}-x509`, Buffer.from(certificatePem(der), 'utf8'));
  return { ...key, canonicalId: tufKeyOf(cert.keyType, cert.spki).id };
}

function checkRsaBits(bits: number | undefined, what: string): void {
  if (bits === undefined || bits < 2048) throw new VaultError('UNSUPPORTED_KEY', `${what}: an RSA key of ${bits ?? '?'} bits is too short (notary needs 2048 or more)`);
}

const withCanonical = (k: PublicTufKey): Omit<SignerKeyFile, 'role'> => ({ ...k, canonicalId: k.id });
