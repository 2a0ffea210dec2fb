import { X509Certificate } from 'node:crypto';
import { VaultError } from '../../errors';
import { checkRole } from '../../tuf/role-check';
import type { SignedFile } from '../../tuf/signed-file';
import { rootRoleOf } from './root-keys';

/**
 * Pinning a repository's root before trusting it (issue 15), with notary's semantics (trustpinning): only the root
 * keys the pin selects count, and the root must be signed to threshold by them.
 *
 * - by key ID: each given ID must be a root key of the root.json, named either way users meet it: the x509 ID
 *   root.json uses (trust_pinning.certs) or the canonical ID of the private key (`notary key list`);
 * - by CA: the root certificates issued (directly, or through intermediates in the same PEM) by the CA and valid now,
 *   usable for serverAuth as notary's check demands (see usableForCaPin).
 *
 * Both throw ROOT_NOT_PINNED naming what did not match and listing the root's key IDs; return the x509 IDs selected.
 */

function idsText(root: SignedFile): string {
  const spec = rootRoleOf(root);
  return spec.keyids.map((id) => {
    const c = spec.keys.get(id)?.canonicalId;
    return c && c !== id ? `${id} (key ${c})` : id;
  }).join(', ') || 'none';
}

function requireThreshold(root: SignedFile, gun: string, selected: string[], by: string): void {
  const spec = rootRoleOf(root);
  const check = checkRole(root, { ...spec, keyids: selected });
  if (!check.met)
    throw new VaultError('ROOT_NOT_PINNED', `the root of ${gun} is not signed by enough of the root keys ${by} selects (${check.validKeys} of ${Math.max(1, spec.threshold)}); nothing was written`);
}

/** `anyOf`: pins from config.json, where (as in notary) the IDs that match select keys and others are ignored. */
export function pinByKeyIds(root: SignedFile, gun: string, pins: string[], options: { anyOf?: boolean } = {}): string[] {
  const spec = rootRoleOf(root);
  const selected = new Set<string>();
  for (const raw of pins) {
    const pin = raw.trim().toLowerCase();
    const hit = spec.keyids.find((id) => id === pin || spec.keys.get(id)?.canonicalId === pin);
    if (!hit && options.anyOf) continue;
    if (!hit)
      throw new VaultError(
        'ROOT_NOT_PINNED',
        `${raw} is not a root key of ${gun} as the server serves it; its root keys are ${idsText(root)}. Nothing was written`,
      );
    selected.add(hit);
  }
  if (selected.size === 0)
    throw new VaultError('ROOT_NOT_PINNED', `unable to match any certificates to trust_pinning config: none of ${pins.join(', ')} is a root key of ${gun}; its root keys are ${idsText(root)}. Nothing was written`);
  requireThreshold(root, gun, [...selected], 'the pinned IDs');
  return [...selected];
}

const pemBlocks = (text: string): string[] => text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];

const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const ANY_EKU = '2.5.29.37.0';

/**
 * notary checks the chain with Go's x509 Verify and its default usage, serverAuth (checked with notary 0.7): a leaf
 * whose extended key usage is codeSigning only (what notary writes for its own roots) never matches a CA pin.
 */
function usableForCaPin(leaf: X509Certificate): boolean {
  const eku = (leaf as X509Certificate & { extKeyUsage?: string[] }).extKeyUsage ?? leaf.keyUsage;
  return !eku || eku.length === 0 || eku.includes(SERVER_AUTH) || eku.includes(ANY_EKU);
}

/** Whether `chain[0]` leads to `ca` through the rest of `chain`, each certificate valid at `now`. */
function issuedBy(chain: X509Certificate[], ca: X509Certificate, now: Date): boolean {
  const valid = (c: X509Certificate) => now >= new Date(c.validFrom) && now <= new Date(c.validTo);
  let current = chain[0];
  if (!current || !usableForCaPin(current)) return false;
  const rest = chain.slice(1);
  for (let hops = 0; current && hops <= rest.length; hops++) {
    if (!valid(current)) return false;
    if (current.checkIssued(ca) && current.verify(ca.publicKey)) return valid(ca);
    const parent: X509Certificate | undefined = rest.find((p) => current!.checkIssued(p) && current!.verify(p.publicKey));
    current = parent;
  }
  return false;
}

export function pinByCa(root: SignedFile, gun: string, caPem: string, now: Date): string[] {
  const cas = pemBlocks(caPem).map((p) => new X509Certificate(p));
  if (cas.length === 0) throw new VaultError('INVALID_ARGUMENT', 'the CA file holds no PEM certificate');
  const spec = rootRoleOf(root);
  const selected = spec.keyids.filter((id) => {
    const raw = spec.raw[id] as { keyval?: { public?: unknown } } | undefined;
    if (typeof raw?.keyval?.public !== 'string') return false;
    try {
      const chain = pemBlocks(Buffer.from(raw.keyval.public, 'base64').toString('latin1')).map((p) => new X509Certificate(p));
      return chain.length > 0 && cas.some((ca) => issuedBy(chain, ca, now));
    } catch {
      return false;
    }
  });
  if (selected.length === 0)
    throw new VaultError('ROOT_NOT_PINNED', `no root certificate of ${gun} is issued by the pinned CA; its root keys are ${idsText(root)}. Nothing was written`);
  requireThreshold(root, gun, selected, 'the pinned CA');
  return selected;
}
