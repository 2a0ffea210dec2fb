import { createHash } from 'node:crypto';
import { VaultError } from '../errors';
import { canonicalJson } from '../tuf/canonical-json';
import type { VerifiedTrustData } from './trust-data';

/**
 * The signed-tag inventory carried over: every tag trusted today with the exact manifest digest and size that
 * content trust vouched for (a tag may have moved in the registry since; the digest is what was trusted), the role
 * that signed it, and the delegations. Its hash (SHA-256 of its canonical JSON) goes into the transition statement.
 */

export interface InventoryTag {
  tag: string;
  /** "sha256:<64 hex>", as registries and the new tools write a digest. */
  digest: string;
  size: number;
  signedBy: string;
}

export interface Inventory {
  type: 'trust-vault/signed-tag-inventory';
  version: 1;
  repository: string;
  /** The image reference the new signatures go on (REGISTRY/REPO). */
  image: string;
  source: string;
  verifiedAt: string;
  tags: InventoryTag[];
  delegations: { role: string; keyIds: string[]; threshold: number; paths: string[] }[];
}

const IMAGE = /^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]{1,5})?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)+$/;

/** An image reference safe to put in a shell script: registry host[:port]/path, lower case, no quoting needed. */
export function checkImage(image: string): string {
  if (!IMAGE.test(image) || image.length > 255) throw new VaultError('INVALID_ARGUMENT', `not an image reference (REGISTRY/REPO): ${JSON.stringify(image)}`);
  return image;
}

export function buildInventory(data: VerifiedTrustData, image: string = data.gun): Inventory {
  const tags = data.tags
    .map((t) => {
      if (!/^[0-9a-f]{64}$/.test(t.digest)) throw new VaultError('SERVER_MALFORMED', `tag ${JSON.stringify(t.name)} has no SHA-256 digest`);
      return { tag: t.name, digest: `sha256:${t.digest}`, size: t.size, signedBy: t.role };
    })
    .sort((a, b) => (a.tag < b.tag ? -1 : a.tag > b.tag ? 1 : 0));
  return {
    type: 'trust-vault/signed-tag-inventory',
    version: 1,
    repository: data.gun,
    image: checkImage(image),
    source: data.source,
    verifiedAt: data.verifiedAt,
    tags,
    delegations: data.delegations.map((d) => ({
      role: d.name, keyIds: d.keys.map((k) => k.canonicalId ?? k.id).sort(), threshold: d.threshold, paths: [...d.paths].sort(),
    })),
  };
}

export const inventorySha256 = (inv: Inventory): string => createHash('sha256').update(canonicalJson(inv), 'utf8').digest('hex');

/** The distinct digests to sign, each once, with the tags that pointed at it. */
export function digestsToSign(inv: Inventory): { digest: string; tags: string[] }[] {
  const by = new Map<string, string[]>();
  for (const t of inv.tags) by.set(t.digest, [...(by.get(t.digest) ?? []), t.tag]);
  return [...by].map(([digest, tags]) => ({ digest, tags }));
}
