import { describe, expect, it } from 'vitest';
import type { BackupManifest } from './manifest';
import { encodeManifest } from './manifest';
import { emptyManifest, manifestKey } from './manifest-testing';
import { manifestBytes, manifestPieces } from './manifest-encoding';

const base = emptyManifest;
const key = (i: number) => manifestKey(i);

/** Streaming the manifest must not change a byte of what backups have always held. */
describe('manifestPieces', () => {
  it.each([
    ['no keys', base],
    ['one key', { ...base, keys: [key(1)] }],
    ['many keys, roots, a checkpoint and archives', {
      ...base,
      keys: Array.from({ length: 2000 }, (_, i) => key(i)),
      pinnedRoots: [{ gun: 'registry.example.com/a', path: 'tuf/registry.example.com/a/metadata/root.json', sha256: 'b'.repeat(64) }],
      auditCheckpoint: { seq: 7, hash: 'c'.repeat(64), at: '2026-12-07T22:00:00.000Z', mac: 'd'.repeat(64) },
      trustDataArchives: [{ name: 'arch', guns: ['g'], files: [{ path: 'archive.json', sha256: 'e'.repeat(64) }] }],
    }],
  ])('gives the bytes of encodeManifest for %s, in pieces', (_what, manifest: BackupManifest) => {
    const pieces = [...manifestPieces(manifest, 4096)];
    expect(Buffer.concat(pieces).equals(encodeManifest(manifest))).toBe(true);
    expect(manifestBytes(manifest)).toBe(encodeManifest(manifest).length);
    if (manifest.keys.length > 100) {
      expect(pieces.length).toBeGreaterThan(10);
      expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(4096 + 1024);
    }
  });
});
