import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notaryTestBed } from '../support/notary-test-bed';
import { pushImage, type RunningRegistry, servedManifest, startRegistry } from '../support/registry';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';
import { notaryListRows } from '../support/notary-cli';

const notaryList = notaryListRows;

/**
 * Issue 14, two points of `tag sign` beyond tag-sign.test.ts, against Debian's docker-registry and a real
 * notary-server: REF@sha256:... signs that digest (the registry only checks it is there, whatever the tag points to
 * now), and the passphrases come from the vault when it holds them.
 */
describe('tag sign REF@sha256 and with the vault, against docker-registry and notary-server', () => {
  const bed = notaryTestBed('tv-tag-digest-');
  const { env, dir, notary, fresh } = bed;
  let registry: RunningRegistry;
  const secrets = { T: env.NOTARY_TARGETS_PASSPHRASE, S: env.NOTARY_SNAPSHOT_PASSPHRASE, V: 'quartz lemur fiddle oboe canyon seventy', HOME: dir('home') };
  const cli = (trust: string, data: string, args: string[]) => runBuiltCli(['--trust-dir', trust, '--data-dir', data, ...args], secrets);
  const publisher = (name: string, gun: string) => {
    const pub = dir(name);
    notary(pub, ['init', gun]);
    notary(pub, ['publish', gun]);
    return pub;
  };

  beforeAll(async () => {
    ensureBuiltCli();
    registry = await startRegistry(dir('registry'));
  }, 120_000);
  afterAll(async () => {
    await registry?.stop();
  });

  it('REF@sha256:DIGEST signs that digest, even after the tag moved on; a digest the registry lacks is refused and nothing is sent', async () => {
    const gun = `${registry.host}/acme/pinned`;
    await pushImage(registry, dir('img'), 'acme/pinned', 'v1', 'first build');
    const first = await servedManifest(registry, 'acme/pinned', 'v1');
    await pushImage(registry, dir('img'), 'acme/pinned', 'v1', 'second build'); // v1 now points elsewhere
    const now = await servedManifest(registry, 'acme/pinned', 'v1');
    expect(now.digest).not.toBe(first.digest);
    const pub = publisher('pub-pinned', gun);
    const data = dir('data-pinned');

    const signed = cli(pub, data, ['tag', 'sign', `${gun}:v1@${first.digest}`, '--server', bed.server.url, '--targets-passphrase-env', 'T', '--snapshot-passphrase-env', 'S', '--json']);
    expect(signed.stderr).toBe('');
    expect(signed.status).toBe(0);
    expect(notaryList(notary(fresh(), ['list', gun])).get('v1')).toEqual({ digest: first.digest.slice(7), size: first.size, role: 'targets' });

    const absent = `sha256:${'0'.repeat(64)}`;
    const refused = cli(pub, data, ['tag', 'sign', `${gun}:v2@${absent}`, '--server', bed.server.url, '--targets-passphrase-env', 'T', '--snapshot-passphrase-env', 'S']);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(absent);
    expect(notaryList(notary(fresh(), ['list', gun])).has('v2')).toBe(false);
  });

  it('the targets and snapshot passphrases come from the vault when it holds them; without them or the vault, a clear error', async () => {
    const gun = `${registry.host}/acme/vaulted`;
    await pushImage(registry, dir('img'), 'acme/vaulted', 'v1');
    const v1 = await servedManifest(registry, 'acme/vaulted', 'v1');
    const pub = publisher('pub-vaulted', gun);
    const data = dir('data-vaulted');
    const keys = JSON.parse(cli(pub, data, ['keys', 'list', '--json']).stdout) as { role: string; id: string }[];
    const idOf = (role: string) => keys.find((k) => k.role === role)!.id;

    // Neither given nor saved: refused, naming what is missing; nothing published.
    const missing = cli(pub, data, ['tag', 'sign', `${gun}:v1`, '--server', bed.server.url]);
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toMatch(/passphrase/i);
    expect(notaryList(notary(fresh(), ['list', gun])).has('v1')).toBe(false);

    expect(cli(pub, data, ['vault', 'init', '--passphrase-env', 'V', '--unlock-seconds', '0.1']).status).toBe(0);
    for (const [role, variable] of [['targets', 'T'], ['snapshot', 'S']] as const) {
      const saved = cli(pub, data, ['vault', 'remember', '--id', idOf(role), '--passphrase-env', variable, '--vault-passphrase-env', 'V']);
      expect(saved.stderr).toBe('');
      expect(saved.status).toBe(0);
    }
    const signed = cli(pub, data, ['tag', 'sign', `${gun}:v1`, '--server', bed.server.url, '--vault-passphrase-env', 'V', '--json']);
    expect(signed.stderr).toBe('');
    expect(signed.status).toBe(0);
    expect(notaryList(notary(fresh(), ['list', gun])).get('v1')).toEqual({ digest: v1.digest.slice(7), size: v1.size, role: 'targets' });
  });
});
