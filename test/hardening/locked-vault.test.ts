import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../electron/core/keys/store/generate-key';
import { trustDirIdOf } from '../../electron/core/trustdir/trust-dir-id';
import { vaultPath } from '../../electron/core/vault/vault-file';
import { VaultSession } from '../../electron/core/vault/vault-session';
import { manualClock } from '../../electron/core/vault/testing';
import { makeTempDir } from '../support/temp-dir';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';
import { forgeVaultHeader, sha256Hex } from './forge-vault';

/**
 * Issue 12, point 2, through the built CLI: a locked vault's header is unauthenticated, so what it says may never
 * make the vault delete a file. Forged index entries (the old format naming any path, and today's naming a trust dir
 * by ID) at most move a key file that is exactly where a key file belongs into the quarantine, which is listed and
 * restorable; a header asking for 4 GiB of Argon2 memory is refused as damaged before any derivation.
 */

const MASTER = 'the vault master passphrase';
const PAST = '2026-01-01T00:00:00.000Z';

let tmp: { path: string; cleanup: () => void };
beforeAll(() => {
  ensureBuiltCli();
  tmp = makeTempDir('tv-locked-vault-');
});
afterAll(() => tmp.cleanup());

async function makeVault(data: string): Promise<void> {
  const session = new VaultSession({
    dataDir: data,
    clock: manualClock().clock,
    calibrator: async (targetMs) => ({ params: { memoryKiB: 65536, iterations: 1, parallelism: 4, salt: randomBytes(16) }, targetMs, measuredMs: 1 }),
  });
  await session.create(MASTER);
  session.lock('manual');
  session.dispose();
}

const entry = (keyId: string, sha256: string, where: Record<string, string>) => ({
  keyId,
  role: 'root',
  gun: null,
  algorithm: 'ecdsa',
  ...where,
  takenOfflineAt: PAST,
  onlineUntil: PAST,
  sha256,
});

describe('a locked vault header never drives a deletion', () => {
  it('forged entries pointing outside and inside the trust dir: nothing deleted, the key file quarantined, listed and restorable', async () => {
    const base = join(tmp.path, 'forged');
    const trust = join(base, 'trust');
    const data = join(base, 'data');
    await makeVault(data);
    // A file of the user's outside any trust dir, and a real key file inside the trust dir.
    const victim = join(base, 'documents', 'thesis.txt');
    mkdirSync(join(base, 'documents'), { recursive: true });
    writeFileSync(victim, 'four years of work\n');
    const key = generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'root key passphrase' }).key;
    const keyBytes = readFileSync(key.path);
    const fakeId = 'b'.repeat(64);
    forgeVaultHeader(vaultPath(data), (h) => {
      h.index = [
        // The format before issue 12 named a path: today it is ignored while locked.
        entry(fakeId, sha256Hex(readFileSync(victim)), { trustDir: join(base, 'documents'), file: 'thesis.txt' }),
        entry('c'.repeat(64), sha256Hex(readFileSync(victim)), { trustDir: trust, file: '../documents/thesis.txt' }),
        // Today's format names the trust dir by ID; the path is derived as private/<id>.key inside it.
        entry(key.id, sha256Hex(keyBytes), { trustDirId: trustDirIdOf(trust) }),
        entry('d'.repeat(64), sha256Hex(readFileSync(victim)), { trustDirId: trustDirIdOf(join(base, 'documents')) }),
      ];
    });

    const list = runBuiltCli(['keys', 'list', '--json', '--trust-dir', trust, '--data-dir', data]);
    expect(list.status).toBe(0);
    expect(readFileSync(victim, 'utf8')).toBe('four years of work\n');
    // The key file matched the forged entry: moved aside, not deleted.
    expect(existsSync(key.path)).toBe(false);

    const q = runBuiltCli(['vault', 'quarantine', '--json', '--trust-dir', trust, '--data-dir', data]);
    expect(q.status).toBe(0);
    const items = JSON.parse(q.stdout) as { name: string; keyId: string; restoreTo: string | null }[];
    expect(items).toEqual([expect.objectContaining({ keyId: key.id, restoreTo: key.path })]);
    const text = runBuiltCli(['vault', 'quarantine', '--trust-dir', trust, '--data-dir', data]);
    expect(text.stdout).toContain(items[0]!.name);

    // Unlocking finds the file damaged (the forged header does not authenticate) and deletes nothing.
    const unlock = runBuiltCli(['vault', 'remember', '--id', key.id, '--passphrase-env', 'KP', '--vault-passphrase-env', 'VP', '--trust-dir', trust, '--data-dir', data], { KP: 'root key passphrase', VP: MASTER });
    expect(unlock.status).toBe(1);
    expect(unlock.stderr).toMatch(/VAULT_DAMAGED/);

    const restored = runBuiltCli(['vault', 'quarantine', 'restore', items[0]!.name, '--json', '--trust-dir', trust, '--data-dir', data]);
    expect(restored.status).toBe(0);
    expect(JSON.parse(restored.stdout)).toEqual({ restored: key.path, quarantine: [] });
    expect(readFileSync(key.path).equals(keyBytes)).toBe(true);
    // A later command leaves the file the user put back where it is (the header still says its time is over).
    expect(runBuiltCli(['keys', 'list', '--json', '--trust-dir', trust, '--data-dir', data]).status).toBe(0);
    expect(readFileSync(key.path).equals(keyBytes)).toBe(true);
    expect(readFileSync(victim, 'utf8')).toBe('four years of work\n');
  });

  it('a header asking for 4 GiB of Argon2 memory is refused as damaged before any work', async () => {
    const data = join(tmp.path, 'greedy', 'data');
    await makeVault(data);
    forgeVaultHeader(vaultPath(data), (h) => {
      (h.kdf as Record<string, unknown>).memoryKiB = 4 * 1024 * 1024;
    });
    const r = runBuiltCli(['vault', 'forget', '--id', 'a'.repeat(64), '--vault-passphrase-env', 'VP', '--data-dir', data, '--trust-dir', join(tmp.path, 'greedy', 'trust')], { VP: MASTER });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/damaged.*memoryKiB.*(1048576)/s);
    expect(r.stderr).toMatch(/VAULT_DAMAGED/);
    // And 101 passes, one over the cap.
    forgeVaultHeader(vaultPath(data), (h) => {
      (h.kdf as Record<string, unknown>).memoryKiB = 65536;
      (h.kdf as Record<string, unknown>).iterations = 101;
    });
    const passes = runBuiltCli(['vault', 'forget', '--id', 'a'.repeat(64), '--vault-passphrase-env', 'VP', '--data-dir', data, '--trust-dir', join(tmp.path, 'greedy', 'trust')], { VP: MASTER });
    expect(passes.status).toBe(1);
    expect(passes.stderr).toMatch(/iterations.*100.*VAULT_DAMAGED/s);
  });
});
