import type { TokenKeyInfo } from '../../../shared/dto/tokens';
import { OID } from '../der';
import { keyIdOf } from '../keys/key-id';
import { ecSpki } from '../keys/key-structures';
import { parseCertificate } from '../tuf/x509';
import type { RawTokenObject } from './token-client';

/** The base roles a key object's label can name; anything else is shown as the label says, with no role. */
const ROLES = new Set(['root', 'targets', 'snapshot', 'timestamp']);

/** The canonical key ID of a P-256 key from its public point or its certificate: the disk backup's file name. */
function publicSpkiOf(group: RawTokenObject[]): Buffer | null {
  const pub = group.find((o) => o.class === 'public-key' && o.keyType === 'ec' && o.ecPoint && o.ecCurveOid === OID.prime256v1);
  if (pub?.ecPoint) return ecSpki(pub.ecPoint);
  const cert = group.find((o) => o.class === 'certificate' && o.certDer);
  if (!cert?.certDer) return null;
  try {
    const info = parseCertificate(cert.certDer);
    return info.keyType === 'ecdsa' ? info.spki : null;
  } catch {
    return null;
  }
}

/**
 * The keys on a token, one per CKA_ID: a private key (seen after login), a public key and/or a certificate (seen
 * before). Only P-256 keys whose public half is readable get an ID; notary uses nothing else on tokens.
 */
export function tokenKeysOf(objects: RawTokenObject[]): TokenKeyInfo[] {
  const byId = new Map<string, RawTokenObject[]>();
  for (const o of objects) byId.set(o.ckaId, [...(byId.get(o.ckaId) ?? []), o]);
  const keys: TokenKeyInfo[] = [];
  for (const [ckaId, group] of byId) {
    const spki = publicSpkiOf(group);
    if (!spki) continue;
    const label = group.find((o) => o.label)?.label ?? '';
    const priv = group.find((o) => o.class === 'private-key');
    keys.push({
      id: keyIdOf('ecdsa', spki),
      role: ROLES.has(label) ? label : null,
      algorithm: 'ecdsa',
      ckaId,
      label,
      hasCertificate: group.some((o) => o.class === 'certificate'),
      extractable: priv?.extractable ?? null,
    });
  }
  return keys.sort((a, b) => (a.ckaId < b.ckaId ? -1 : 1));
}

/** notary's CKA_IDs for root keys, in the order it takes them: PIV slots 9c, 9e, 9d, 9a. */
export const NOTARY_CKA_IDS = ['02', '01', '03', '00'] as const;

export function firstFreeCkaId(objects: RawTokenObject[]): string | null {
  const used = new Set(objects.map((o) => o.ckaId));
  return NOTARY_CKA_IDS.find((id) => !used.has(id)) ?? null;
}
