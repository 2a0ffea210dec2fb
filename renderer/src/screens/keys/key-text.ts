import type { KeyFileFormat, KeyInfo } from '../../../../shared/dto/keys';

export function algorithmLabel(key: Pick<KeyInfo, 'algorithm'>): string {
  switch (key.algorithm) {
    case 'ecdsa':
      return 'ECDSA P-256';
    case 'ed25519':
      return 'Ed25519';
    case 'rsa':
      return 'RSA';
    default:
      return 'Unknown algorithm';
  }
}

export function shortAlgorithm(key: Pick<KeyInfo, 'algorithm'>): string {
  return key.algorithm === 'ecdsa' ? 'ECDSA' : key.algorithm === 'ed25519' ? 'Ed25519' : key.algorithm === 'rsa' ? 'RSA' : '?';
}

export const FORMAT_LABELS: Record<KeyFileFormat, string> = {
  'pkcs8-encrypted': 'Encrypted PKCS#8 (what notary writes)',
  pkcs8: 'PKCS#8, unencrypted',
  ec: 'EC private key (SEC1)',
  rsa: 'RSA private key (PKCS#1)',
  ed25519: "Ed25519, notary's legacy form",
  unknown: 'Unknown',
};

export function locationLabel(key: Pick<KeyInfo, 'location'>): string {
  return key.location === 'token' ? 'Hardware token' : key.location === 'vault' ? 'Offline, in the vault' : 'File';
}

/** A short form of a key ID for lists; the full ID is always one click away. */
export function shortId(id: string): string {
  return id.length > 16 ? `${id.slice(0, 16)}…` : id;
}

export const isKeyId = (id: string): boolean => /^[0-9a-f]{64}$/.test(id);
