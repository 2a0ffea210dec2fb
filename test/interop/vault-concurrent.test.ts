import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey } from '../../electron/core/keys/store/generate-key';
import { manualClock } from '../../electron/core/vault/testing';
import { VaultSession } from '../../electron/core/vault/vault-session';
import { makeTempDir } from '../support/temp-dir';
import { BUILT_CLI, ensureBuiltCli } from '../support/vault-cli';

/**
 * Concurrent use (issue 13, point 4): five CLI processes save a key's passphrase into the same vault at the same
 * moment. Every one is saved, and none reports the vault as damaged: a process that finds the file changed since
 * it unlocked makes its change on top of what is there, under the vault's lock.
 */
describe('five processes saving passphrases into the vault at once', () => {
  const tmp = makeTempDir('tv-vault-concurrent-');
  const MASTER = 'the vault master passphrase';
  const trust = join(tmp.path, 'trust');
  const data = join(tmp.path, 'data');
  beforeAll(() => ensureBuiltCli());
  afterAll(() => tmp.cleanup());

  const session = () =>
    new VaultSession({
      dataDir: data,
      clock: manualClock(new Date()).clock,
      // One pass of Argon2id at the format's 64 MiB floor: a real vault file that five processes unlock quickly.
      calibrator: async (targetMs) => ({ params: { memoryKiB: 65536, iterations: 1, parallelism: 4, salt: randomBytes(16) }, targetMs, measuredMs: 1 }),
    });

  const remember = (id: string, passphrase: string) =>
    new Promise<{ status: number | null; stderr: string }>((resolve) => {
      const child = spawn(
        process.execPath,
        [BUILT_CLI, 'vault', 'remember', '--id', id, '--passphrase-env', 'TV_KEY', '--vault-passphrase-env', 'TV_MASTER', '--trust-dir', trust, '--data-dir', data],
        { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.path, TV_KEY: passphrase, TV_MASTER: MASTER }, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += String(d)));
      child.on('close', (status) => resolve({ status, stderr }));
    });

  it('all five saved, none reports damage', async () => {
    const s = session();
    await s.create(MASTER);
    s.dispose();
    const keys = Array.from({ length: 5 }, (_, i) => ({ passphrase: `key number ${i} passphrase`, id: generateKey(trust, { role: 'targets', gun: `example.com/app${i}`, algorithm: 'ecdsa', passphrase: `key number ${i} passphrase` }).key.id }));
    const runs = await Promise.all(keys.map((k) => remember(k.id, k.passphrase)));
    for (const r of runs) {
      expect(r.stderr).not.toMatch(/damaged|VAULT_DAMAGED/i);
      expect(r.status, r.stderr).toBe(0);
    }
    const check = session();
    await check.unlock(MASTER);
    for (const k of keys) expect(check.savedPassphrase(k.id)).toBe(k.passphrase);
    check.dispose();
  });
});
