/** Image tags of a repository against its registry (issue 14). Credentials never appear here: only the user name. */

export type TagStateDto = 'signed' | 'unsigned' | 'moved' | 'not-in-registry';

export interface RegistryTag {
  tag: string;
  /** `sha256:<hex>` the registry serves (the signed one when the registry no longer has the tag). */
  digest: string;
  size: number;
  signed: boolean;
  /** The role whose signature counts, or null. */
  role: string | null;
  state: TagStateDto;
  signedDigest?: string;
  /** Delegations other than releases that sign it too. */
  signers: string[];
}

export interface RegistryTags {
  gun: string;
  /** The registry user from docker's configuration, or null when anonymous. */
  signedInAs: string | null;
  tags: RegistryTag[];
}

/** Exactly what a sign changes, shown before anything is sent; `previewId` is used once. */
export interface TagSignPreview {
  previewId: string;
  gun: string;
  role: string;
  items: { tag: string; digest: string; size: number; replaces: { digest: string; size: number } | null }[];
  newVersions: Record<string, number>;
  snapshotBy: 'vault' | 'server';
  signedInAs: string | null;
}

export interface TagSignOutcome {
  gun: string;
  role: string;
  signed: { tag: string; digest: string; size: number }[];
  moved: { tag: string; signed: string; registryNow: string }[];
  /** The server's targets, read back after the publish, list every tag with its digest and size. */
  verified: boolean;
  versions: Record<string, number>;
}

export interface TagRevokeOutcome {
  gun: string;
  removals: { role: string; tags: string[] }[];
  stillSignedElsewhere: { tag: string; role: string }[];
  versions: Record<string, number>;
}
