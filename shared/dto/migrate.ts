/** Leaving content trust (issue 18): what a migration kit holds, as the UI and the CLI show it. */

export type MigrationTool = 'cosign' | 'notation';

export interface MigrationKitResult {
  /** The folder main's dialog chose; the files lie directly in it. */
  outDir: string;
  tool: MigrationTool;
  files: string[];
  /** Canonical ID of the key the new tool signs with. */
  keyId: string;
  newKey: boolean;
  /** The key is one of the repository's content-trust keys, re-encoded. */
  keyReused: boolean;
  tagCount: number;
  inventorySha256: string;
  statementSignedBy: { targets: string[]; root: string[] };
  notes: string[];
}
