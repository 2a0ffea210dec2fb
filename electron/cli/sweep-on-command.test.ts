import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../test/support/temp-dir';
import { generateKey } from '../core/keys/store/generate-key';
import { bringOnline, takeOffline } from '../core/vault/offline-keys';
import { manualClock } from '../core/vault/testing';
import { VaultSession } from '../core/vault/vault-session';
import { runCli } from './run';

describe('CLI commands put away keys whose time online is over', () => {
  const tmp = makeTempDir('tv-cli-sweep-');
  afterAll(() => tmp.cleanup());

  it('keys list, run after the time passed, removes the online copy the vault holds', async () => {
    const trust = join(tmp.path, 'trust');
    const data = join(tmp.path, 'data');
    const root = generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'root key passphrase' }).key;
    // The key went online an hour ago for 10 s; nothing has run since to put it away.
    const { clock } = manualClock(new Date(Date.now() - 3600_000));
    const session = new VaultSession({
      dataDir: data,
      clock,
      // One pass of Argon2id at the format's 64 MiB floor: a real vault file, quickly.
      calibrator: async (targetMs) => ({ params: { memoryKiB: 65536, iterations: 1, parallelism: 4, salt: randomBytes(16) }, targetMs, measuredMs: 1 }),
    });
    await session.create('master passphrase of the vault');
    takeOffline(session, trust, root.id, { insist: true, otherCopies: [] });
    bringOnline(session, trust, root.id, { forSeconds: 10 });
    session.dispose();
    expect(existsSync(root.path)).toBe(true);

    const out: string[] = [];
    const code = await runCli(['keys', 'list', '--json', '--trust-dir', trust, '--data-dir', data], {
      stdout: (t) => void out.push(String(t)),
      stderr: () => undefined,
      env: { HOME: tmp.path },
      cwd: tmp.path,
    });
    expect(code).toBe(0);
    expect(existsSync(root.path)).toBe(false);
    expect(JSON.parse(out.join('')) as unknown[]).toEqual([]);
  });
});
