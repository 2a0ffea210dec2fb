/** What the renderer sees of publisher operations on a notary server: IDs, versions and outcomes, never key bytes. */

import type { Verdict } from './status';

export type BaseRole = 'root' | 'targets' | 'snapshot' | 'timestamp';

export interface PublishResult {
  gun: string;
  /** What was done, in words: "initialised", "rotated the targets key", "added signer alice". */
  action: string;
  /** Version of each base role on the server after the change. */
  versions: Partial<Record<BaseRole, number>>;
  /** Key files written into the trust dir (after the server accepted the change). */
  keysWritten: { role: string; id: string; file: string }[];
  /** Key files removed (a rotated-out targets or snapshot key, as notary does). */
  keysRemoved: string[];
  /** False when the server accepted the change but the cache could not be refreshed (notary list refreshes it). */
  cacheUpdated: boolean;
  cacheProblem: string | null;
  /** Plain-words cautions (the last signer removed, a root key only in one place...). */
  warnings: string[];
  /** The repository's trust status on the server right after the change: the wizard ends on `trusted`. */
  verdict: Verdict | null;
}

export interface SignerInfo {
  /** targets/<name> */
  role: string;
  name: string;
  keyIds: string[];
  /** Also listed in targets/releases, as `docker trust signer add` does. */
  inReleases: boolean;
  /** The trust dir holds a private key for one of its key IDs. */
  haveKey: boolean;
}

export interface SignerKeyChoice {
  /** Opaque handle to the .pub or certificate file main read. */
  selectionId: string;
  name: string;
  keyId: string;
  keyType: string;
}
