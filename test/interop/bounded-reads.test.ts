import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, openSync, closeSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp-dir';
import { BUILT_CLI, ensureBuiltCli } from '../support/vault-cli';

/**
 * Issue 12, point 7: every read is bounded and never blocks, shown through the built CLI as a whole process. A
 * FIFO (which blocks an ordinary open for reading until a writer comes) and /dev/zero (which never ends) are
 * refused with an error naming the file; a 200 MB import is refused before it is read. Each run is killed after
 * 20 s: a hang shows up as a kill (code null), not as a slow pass. No timing is asserted.
 */
describe('bounded, non-blocking reads (built CLI)', () => {
  const tmp = makeTempDir('tv-bounded-');
  const trust = join(tmp.path, 'trust');
  const data = join(tmp.path, 'data');
  // Prints the peak resident memory of the CLI process on exit, in KiB (Node's getrusage ru_maxrss).
  const rssProbe = join(tmp.path, 'rss-probe.cjs');

  beforeAll(() => {
    ensureBuiltCli();
    mkdirSync(trust, { recursive: true, mode: 0o700 });
    mkdirSync(data, { recursive: true, mode: 0o700 });
    writeFileSync(rssProbe, "process.on('exit', () => require('node:fs').writeSync(2, `\\nmaxrss-kib=${process.resourceUsage().maxRSS}\\n`));\n");
  });
  afterAll(() => tmp.cleanup());

  const cli = (args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(
        process.execPath,
        [...nodeArgs, BUILT_CLI, ...args, '--trust-dir', trust, ...(args.includes('--data-dir') ? [] : ['--data-dir', data])],
        { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.path, ...env }, timeout: 20_000, killSignal: 'SIGKILL' },
        (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
      );
    });

  const fifo = (name: string): string => {
    const path = join(tmp.path, name);
    execFileSync('mkfifo', ['-m', '0600', path]);
    return path;
  };

  it('keys import of a FIFO and of /dev/zero: a clear error naming the file, no hang, no unbounded read', async () => {
    const pipe = fifo('import.pipe');
    const fromPipe = await cli(['keys', 'import', pipe, '--passphrase-env', 'P'], { P: 'import passphrase' });
    expect(fromPipe.code, fromPipe.stderr).toBe(1);
    expect(fromPipe.stderr).toMatch(new RegExp(`the import file ${pipe} is not a regular file.*\\(FILE_REFUSED\\)`));
    const fromZero = await cli(['keys', 'import', '/dev/zero', '--passphrase-env', 'P'], { P: 'import passphrase' });
    expect(fromZero.code, fromZero.stderr).toBe(1);
    expect(fromZero.stderr).toMatch(/the import file \/dev\/zero is not a regular file.*\(FILE_REFUSED\)/);
  });

  it('keys import of a 200 MB file is refused before reading: the limit named, peak memory far under 200 MB', async () => {
    const big = join(tmp.path, 'big.pem');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 200 * 1000 * 1000); // sparse: 200 MB to fstat, nothing on disk
    closeSync(fd);
    const r = await cli(['keys', 'import', big, '--passphrase-env', 'P'], { P: 'import passphrase' }, ['--require', rssProbe]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/the import file .*big\.pem is 200000000 bytes, over the 32 MiB limit; nothing was read \(FILE_REFUSED\)/);
    const kib = Number(/maxrss-kib=(\d+)/.exec(r.stderr)?.[1]);
    expect(kib).toBeGreaterThan(0);
    expect(kib * 1024).toBeLessThan(200 * 1000 * 1000);
  });

  it('a FIFO in place of the vault file, the audit log or a backup: each command says so and exits', async () => {
    mkdirSync(join(data, 'vault'), { recursive: true, mode: 0o700 });
    execFileSync('mkfifo', ['-m', '0600', join(data, 'vault', 'vault.tv')]);
    // Today's main hangs here (an ordinary open of a FIFO waits for a writer); now it reports the file unusable.
    const status = await cli(['vault', 'status']);
    expect(status.code, status.stderr).toBe(0);
    expect(status.stdout).toMatch(/damaged or unreadable/);
    const unlock = await cli(['vault', 'remember', '--id', 'a'.repeat(64), '--passphrase-env', 'P', '--vault-passphrase-env', 'V'], { P: 'x'.repeat(12), V: 'y'.repeat(12) });
    expect(unlock.code).toBe(1);
    expect(unlock.stderr).toMatch(/not a regular file/);

    // Its own data dir: the failed unlock above wrote an audit entry (failed unlocks are audited).
    const auditData = join(tmp.path, 'audit-data');
    mkdirSync(join(auditData, 'audit'), { recursive: true, mode: 0o700 });
    execFileSync('mkfifo', ['-m', '0600', join(auditData, 'audit', 'audit.jsonl')]);
    const verify = await cli(['audit', 'verify', '--data-dir', auditData]);
    expect(verify.code, verify.stderr).toBe(1);
    expect(verify.stderr).toMatch(/audit log .*audit\.jsonl is not a regular file/);

    const backup = fifo('backup.pipe');
    const check = await cli(['backup', 'verify', backup, '--passphrase-env', 'P'], { P: 'backup passphrase' });
    expect(check.code, check.stderr).toBe(1);
    expect(check.stderr).toMatch(new RegExp(`the backup ${backup} is not a regular file.*\\(FILE_REFUSED\\)`));
    const zero = await cli(['backup', 'restore', '/dev/zero', '--passphrase-env', 'P', '--dry-run'], { P: 'backup passphrase' });
    expect(zero.code, zero.stderr).toBe(1);
    expect(zero.stderr).toMatch(/the backup \/dev\/zero is not a regular file/);
  });
});
