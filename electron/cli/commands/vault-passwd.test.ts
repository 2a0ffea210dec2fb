import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VaultStatus } from '../../../shared/dto/vault';
import { makeTempDir } from '../../../test/support/temp-dir';
import { AuditLog } from '../../core/audit/audit-log';
import { VaultError } from '../../core/errors';
import { manualClock } from '../../core/vault/testing';
import { vaultPath } from '../../core/vault/vault-file';
import { VaultSession } from '../../core/vault/vault-session';
import { runCli } from '../run';
import { generateKey } from '../../core/keys/store/generate-key';

/**
 * `vault passwd` in-process: a real vault file (Argon2id at the format's 64 MiB floor, one pass, so it is quick),
 * the command re-encrypts it under the new passphrase, and each run is one audit entry.
 */

const ENV = { OLD: 'the old master passphrase', NEW: 'the new master passphrase', SHORT: 'short', WRONG: 'not the master passphrase' };
const KEY_A = 'a'.repeat(64);

let tmp: { path: string; cleanup: () => void };
let data: string;
beforeEach(() => {
  tmp = makeTempDir('tv-vault-passwd-');
  data = join(tmp.path, 'data');
});
afterEach(() => tmp.cleanup());

/** A session over the test's data folder that calibrates cheaply (64 MiB, t=1) and reads real 64 MiB files. */
const cheapSession = () =>
  new VaultSession({
    dataDir: data,
    clock: manualClock().clock,
    calibrator: async (targetMs) => ({ params: { memoryKiB: 65536, iterations: 1, parallelism: 4, salt: randomBytes(16) }, targetMs, measuredMs: 1 }),
  });

async function cli(args: string[], extraEnv: Record<string, string> = {}) {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--trust-dir', join(tmp.path, 'trust'), '--data-dir', data], {
    stdout: (t) => (out += String(t)),
    stderr: (t) => (err += t),
    env: { HOME: tmp.path, ...ENV, ...extraEnv },
    cwd: tmp.path,
  });
  return { code, out, err };
}

async function unlockCode(passphrase: string): Promise<string> {
  const s = cheapSession();
  try {
    await s.unlock(passphrase);
    return 'unlocked';
  } catch (e) {
    if (e instanceof VaultError) return e.code;
    throw e;
  } finally {
    s.lock('manual');
    s.dispose();
  }
}

const entries = () => new AuditLog({ dataDir: data, via: 'cli' }).list();
const vaultBytes = () => readFileSync(vaultPath(data));

describe('trust-vault vault passwd', () => {
  it('re-encrypts the vault under the new passphrase (--json prints the status); the saved passphrases survive', async () => {
    const made = cheapSession();
    await made.create(ENV.OLD, { unlockSeconds: 0.1 });
    made.savePassphrase(KEY_A, 'a saved key passphrase', { role: 'targets', gun: 'example.com/app' });
    made.lock('manual');
    made.dispose();

    const r = await cli(['vault', 'passwd', '--passphrase-env', 'OLD', '--new-passphrase-env', 'NEW', '--json']);
    expect(r.code, r.err).toBe(0);
    const status = JSON.parse(r.out) as VaultStatus;
    expect(status).toMatchObject({ exists: true, unlocked: true, file: vaultPath(data) });
    // No --unlock-seconds: calibrated (for real, at 64 MiB) to the vault's current target.
    expect(status.kdf).toMatchObject({ algorithm: 'argon2id', memoryKiB: 65536, targetMs: 100 });
    expect(status.savedPassphrases.map((p) => p.keyId)).toEqual([KEY_A]);
    expect(r.out).not.toContain(ENV.OLD);
    expect(r.out).not.toContain(ENV.NEW);

    expect(await unlockCode(ENV.OLD)).toBe('VAULT_WRONG_PASSPHRASE');
    const s = cheapSession();
    await s.unlock(ENV.NEW);
    expect(s.savedPassphrase(KEY_A)).toBe('a saved key passphrase');
    s.lock('manual');
    s.dispose();

    expect(entries().map((e) => [e.action, e.result, e.error])).toEqual([['vault.master-passphrase-changed', 'ok', null]]);
  });

  it('after vault init: a wrong current passphrase and a too-short new one fail (exit 1) and change nothing; --unlock-seconds sets the target', async () => {
    const init = await cli(['vault', 'init', '--passphrase-env', 'OLD', '--unlock-seconds', '0.1', '--json']);
    expect(init.code, init.err).toBe(0);
    const before = vaultBytes();

    const wrong = await cli(['vault', 'passwd', '--passphrase-env', 'WRONG', '--new-passphrase-env', 'NEW']);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/does not open the vault.*\(VAULT_WRONG_PASSPHRASE\)\n$/);
    expect(vaultBytes().equals(before)).toBe(true);

    const short = await cli(['vault', 'passwd', '--passphrase-env', 'OLD', '--new-passphrase-env', 'SHORT']);
    expect(short.code).toBe(1);
    expect(short.err).toMatch(/at least 12 characters.*\(PASSPHRASE_TOO_SHORT\)/);
    expect(vaultBytes().equals(before)).toBe(true);

    const ok = await cli(['vault', 'passwd', '--passphrase-env', 'OLD', '--new-passphrase-env', 'NEW', '--unlock-seconds', '0.2']);
    expect(ok.code, ok.err).toBe(0);
    expect(ok.out).toMatch(/^Changed the vault's master passphrase; the old one no longer opens it\.\nVault .*\n {2}Argon2id, 64 MiB, .*\(target 200 ms\)/);
    expect(vaultBytes().equals(before)).toBe(false);
    expect(await unlockCode(ENV.OLD)).toBe('VAULT_WRONG_PASSPHRASE');
    expect(await unlockCode(ENV.NEW)).toBe('unlocked');

    expect(entries().map((e) => [e.action, e.result, e.error])).toEqual([
      ['vault.created', 'ok', null],
      ['vault.master-passphrase-changed', 'failed', 'VAULT_WRONG_PASSPHRASE'],
      ['vault.master-passphrase-changed', 'failed', 'PASSPHRASE_TOO_SHORT'],
      ['vault.master-passphrase-changed', 'ok', null],
    ]);
  });

  it('bad usage is exit 2 and no audit entry; no vault yet is VAULT_NOT_CREATED', async () => {
    expect((await cli(['vault', 'passwd', '--passphrase-env', 'OLD'])).code).toBe(2);
    expect((await cli(['vault', 'passwd', '--passphrase-env', 'OLD', '--new-passphrase-env', 'UNSET_VARIABLE'])).code).toBe(2);
    expect((await cli(['vault', 'passwd', '--passphrase-env', 'OLD', '--new-passphrase-env', 'NEW', '--unlock-seconds', '60'])).code).toBe(2);
    expect((await cli(['vault', 'passwd', '--passphrase-env', 'OLD', '--new-passphrase-env', 'NEW', '--force'])).code).toBe(2);
    expect(entries()).toEqual([]);
    const none = await cli(['vault', 'passwd', '--passphrase-env', 'OLD', '--new-passphrase-env', 'NEW']);
    expect(none.code).toBe(1);
    expect(none.err).toContain('(VAULT_NOT_CREATED)');
  });
});

describe('trust-vault vault remember | forget', () => {
  it('saves a key passphrase only once it opens the key, forgets it, and audits both', async () => {
    const key = generateKey(join(tmp.path, 'trust'), { role: 'targets', gun: 'example.com/app', algorithm: 'ecdsa', passphrase: 'the key passphrase' }).key;
    const made = cheapSession();
    await made.create(ENV.OLD);
    made.dispose();
    const env = { KEY: 'the key passphrase' };
    const run = (args: string[]) => cli([...args, '--vault-passphrase-env', 'OLD'], env);
    expect((await run(['vault', 'remember', '--id', key.id, '--passphrase-env', 'WRONG'])).code).toBe(1);
    expect((await run(['vault', 'remember', '--id', key.id])).code).toBe(2);
    const saved = await run(['vault', 'remember', '--id', key.id, '--passphrase-env', 'KEY', '--json']);
    expect(saved.code, saved.err).toBe(0);
    expect((JSON.parse(saved.out) as VaultStatus).savedPassphrases.map((p) => p.keyId)).toEqual([key.id]);
    expect(saved.out).not.toContain('the key passphrase');

    const s = cheapSession();
    await s.unlock(ENV.OLD);
    expect(s.savedPassphrase(key.id)).toBe('the key passphrase');
    s.lock('manual');
    s.dispose();

    expect((await run(['vault', 'forget', '--id', key.id])).code).toBe(0);
    const t = cheapSession();
    await t.unlock(ENV.OLD);
    expect(t.savedPassphrase(key.id)).toBeUndefined();
    t.lock('manual');
    t.dispose();
    expect(entries().map((e) => [e.action, e.result])).toEqual([
      ['vault.passphrase-saved', 'failed'],
      ['vault.passphrase-saved', 'ok'],
      ['vault.passphrase-forgotten', 'ok'],
    ]);
  });
});

