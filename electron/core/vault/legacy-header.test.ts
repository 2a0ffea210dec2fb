import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { generateKey } from '../keys/store/generate-key';
import { deriveVaultKey } from './kdf';
import { takeOffline, bringOnline } from './offline-keys';
import { manualClock, tinyCalibrator, TINY_MEMORY_KIB } from './testing';
import { kdfParamsOf, openVault, parseVault, sealVault, splitMasterKey, vaultPath } from './vault-file';
import { VaultSession } from './vault-session';

/**
 * A vault written before issue 12 named each offline key's trust dir and file in its public header. Locked, that is
 * ignored (the path is derived); unlocked, the header is authenticated, so the location is used and moved into the
 * payload at the next write, and the header names no path again.
 */

const MASTER = 'vault master passphrase';
let tmp: { path: string; cleanup: () => void };
beforeEach(() => {
  tmp = makeTempDir('tv-legacy-');
});
afterEach(() => tmp.cleanup());

describe('a vault file from before issue 12', () => {
  it('unlocks, brings its key back to the place its authenticated header names, and stops naming paths at the next write', async () => {
    const trust = join(tmp.path, 'trust');
    const data = join(tmp.path, 'data');
    const t = manualClock();
    const make = () => new VaultSession({ dataDir: data, clock: t.clock, calibrator: tinyCalibrator, minimumMemoryKiB: TINY_MEMORY_KIB, trustDirs: () => [trust] });
    const s = make();
    await s.create(MASTER);
    const { key } = generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'root key passphrase' });
    takeOffline(s, trust, key.id, { insist: true, otherCopies: [] });
    s.lock('manual');
    s.dispose();

    // Rewrite it as the old format did, sealed with the vault's own key: paths in the header, none in the payload.
    const path = vaultPath(data);
    const parsed = parseVault(readFileSync(path), path, { minimumMemoryKiB: TINY_MEMORY_KIB });
    const keys = splitMasterKey(await deriveVaultKey(MASTER, kdfParamsOf(parsed.header)), kdfParamsOf(parsed.header).salt);
    const payload = JSON.parse(openVault(parsed, keys.encryption, path).toString('utf8')) as { offlineKeys: Record<string, { fileB64: string }> };
    payload.offlineKeys[key.id] = { fileB64: payload.offlineKeys[key.id]!.fileB64 };
    const index = parsed.header.index.map(({ trustDirId: _id, ...e }) => ({ ...e, trustDir: trust, file: `private/${key.id}.key` }));
    writeFileSync(path, sealVault({ ...parsed.header, index } as never, keys.encryption, Buffer.from(JSON.stringify(payload))));
    expect(readFileSync(path, 'utf8')).toContain(trust);

    const again = make();
    expect(again.offlineKeys()).toEqual([expect.objectContaining({ keyId: key.id, trustDir: trust, file: `private/${key.id}.key` })]);
    await again.unlock(MASTER);
    // The unlock's checkpoint write moved the location into the payload: the header names no path any more.
    expect(readFileSync(path, 'utf8')).not.toContain(trust);
    const on = bringOnline(again, trust, key.id, { forSeconds: 60 });
    expect(on.path).toBe(join(trust, 'private', `${key.id}.key`));
    expect(existsSync(on.path)).toBe(true);
    again.dispose();
  });
});
