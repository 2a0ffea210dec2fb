import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFakeModule } from '../support/fake-pkcs11/build';
import { makeTempDir } from '../support/temp-dir';
import { BUILT_CLI, ensureBuiltCli } from '../support/vault-cli';

/** The child processes of `pid` whose command line mentions `needle`. */
function childrenOf(pid: number, needle: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid && readFileSync(`/proc/${name}/cmdline`, 'utf8').includes(needle)) out.push(Number(name));
    } catch {
      /* gone meanwhile */
    }
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Issue 12, point 6: the token worker gets a minimal environment. The built CLI runs `token generate-root` with a
 * PIN and a passphrase in variables it names, and a few more secrets in its environment, against a PKCS#11 module
 * whose C_Initialize never returns: the worker stays up, and its /proc/<pid>/environ is read while it waits.
 */
describe('child processes get a minimal environment', () => {
  const tmp = makeTempDir('tv-childenv-');
  let hang = '';
  const pids: number[] = [];

  beforeAll(() => {
    ensureBuiltCli();
    hang = buildFakeModule('hang', tmp.path);
  });
  afterAll(() => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    tmp.cleanup();
  });

  it("the token worker's /proc/<pid>/environ holds no secret and nothing named by --*-env", async () => {
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: tmp.path,
      TV_PIN: 'pin-1234-secret',
      TV_PASS: 'root passphrase secret',
      AWS_SECRET_ACCESS_KEY: 'aws-secret-value',
      NOTARY_ROOT_PASSPHRASE: 'notary-secret-value',
    };
    const args = ['token', 'generate-root', '--module', hang, '--token', 'any', '--pin-env', 'TV_PIN', '--passphrase-env', 'TV_PASS', '--trust-dir', join(tmp.path, 'trust'), '--data-dir', join(tmp.path, 'data')];
    const cli = spawn(process.execPath, [BUILT_CLI, ...args], { env, stdio: 'ignore' });
    pids.push(cli.pid!);
    let worker: number | undefined;
    for (let i = 0; i < 400 && worker === undefined; i++) {
      worker = childrenOf(cli.pid!, 'token-worker')[0];
      if (worker === undefined) await sleep(50);
    }
    expect(worker, 'the token worker process was not found').toBeDefined();
    pids.unshift(worker!);
    const environ = readFileSync(`/proc/${worker}/environ`, 'utf8').split('\0').filter(Boolean);
    const names = environ.map((e) => e.slice(0, e.indexOf('=')));
    expect(names).toContain('PATH');
    for (const secret of ['pin-1234-secret', 'root passphrase secret', 'aws-secret-value', 'notary-secret-value']) expect(environ.join('\n')).not.toContain(secret);
    for (const name of ['TV_PIN', 'TV_PASS', 'AWS_SECRET_ACCESS_KEY', 'NOTARY_ROOT_PASSPHRASE']) expect(names).not.toContain(name);
    // And the parent does hold them: the test looked at the right process.
    expect(readFileSync(`/proc/${cli.pid}/environ`, 'utf8')).toContain('pin-1234-secret');
  });
});

/**
 * Test hooks only in development and test builds: the CLI built with `--release` (as `npm run dist` builds it)
 * ignores TRUST_VAULT_INJECT_DRIVES, which the development build honours.
 */
describe('test hooks in a release build of the CLI', () => {
  const tmp = makeTempDir('tv-release-');
  afterAll(() => tmp.cleanup());

  it('drives list shows injected stand-in drives in development, never in a release build', async () => {
    const { build } = await import('esbuild');
    const releaseCli = join(tmp.path, 'cli-release.js');
    await build({
      entryPoints: [join(__dirname, '..', '..', 'electron', 'cli.ts')],
      outfile: releaseCli,
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      logLevel: 'error',
      external: ['electron', 'pkcs11js', 'argon2', 'drivelist'],
      define: { __TRUST_VAULT_VERSION__: '"0.0.0-test"', __TRUST_VAULT_PACKAGED__: 'true' },
    });
    ensureBuiltCli();
    const drivesFile = join(tmp.path, 'drives.json');
    const standIn = { device: 'injected-stand-in', description: 'Folder', size: null, mountpoints: [{ path: tmp.path, label: 'INJECTED' }], isReadOnly: false, isRemovable: true, isSystem: false, isVirtual: false, isUSB: true, isCard: null };
    const { writeFileSync } = await import('node:fs');
    writeFileSync(drivesFile, JSON.stringify([standIn]));
    const run = (cli: string) =>
      new Promise<string>((resolve) => {
        const child = spawn(process.execPath, [cli, 'drives', 'list', '--json', '--data-dir', join(tmp.path, 'data')], {
          env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.path, TRUST_VAULT_INJECT_DRIVES: drivesFile },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        child.stdout.on('data', (d: Buffer) => (out += d.toString()));
        child.stderr.on('data', (d: Buffer) => (out += d.toString()));
        child.on('close', () => resolve(out));
      });
    expect(await run(BUILT_CLI)).toContain('INJECTED');
    expect(await run(releaseCli)).not.toContain('INJECTED');
  });
});
