import { chmodSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findLooseFolders, tightenFolders } from '../../electron/core/fs/loose-folders';
import { makeTempDir } from '../support/temp-dir';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

/** Issue 12, point 8: loose folders are flagged in the CLI (stderr, JSON) and the core the app uses, fixed only when asked. */
describe('loose folders', () => {
  const tmp = makeTempDir('tv-loose-');
  const trust = join(tmp.path, 'trust');
  const data = join(tmp.path, 'data');
  const mode = (p: string) => statSync(p).mode & 0o777;

  beforeAll(() => {
    ensureBuiltCli();
    mkdirSync(join(trust, 'private'), { recursive: true });
    mkdirSync(data, { recursive: true });
    chmodSync(trust, 0o755);
    chmodSync(join(trust, 'private'), 0o750);
    chmodSync(data, 0o755);
  });
  afterAll(() => tmp.cleanup());

  it('keys list and vault status warn on stderr and in JSON, change nothing; --tighten sets 0700', () => {
    const list = runBuiltCli(['keys', 'list', '--json', '--trust-dir', trust, '--data-dir', data], { HOME: tmp.path });
    expect(list.status, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([]);
    expect(list.stderr).toMatch(new RegExp(`warning: The trust folder ${trust} is 0755: other users .*--tighten`));
    expect(list.stderr).toMatch(/private\/ \(the key files\) .*private is 0750/);
    expect(list.stderr).toMatch(new RegExp(`data folder .* ${data} is 0755`));
    expect([mode(trust), mode(join(trust, 'private')), mode(data)]).toEqual([0o755, 0o750, 0o755]);

    const status = runBuiltCli(['vault', 'status', '--json', '--trust-dir', trust, '--data-dir', data], { HOME: tmp.path });
    expect(status.status, status.stderr).toBe(0);
    expect((JSON.parse(status.stdout) as { looseFolders: { kind: string; problem: string; mode: string }[] }).looseFolders).toEqual([
      expect.objectContaining({ kind: 'trust-dir', problem: 'open', mode: '0755' }),
      expect.objectContaining({ kind: 'private', problem: 'open', mode: '0750' }),
      expect.objectContaining({ kind: 'data-dir', problem: 'open', mode: '0755' }),
    ]);

    const fixed = runBuiltCli(['keys', 'list', '--tighten', '--trust-dir', trust, '--data-dir', data], { HOME: tmp.path });
    expect(fixed.status, fixed.stderr).toBe(0);
    expect(fixed.stderr).toContain(`tightened ${trust} to 0700`);
    expect(fixed.stderr).not.toMatch(/warning/);
    expect([mode(trust), mode(join(trust, 'private')), mode(data)]).toEqual([0o700, 0o700, 0o700]);
    const after = runBuiltCli(['vault', 'status', '--json', '--trust-dir', trust, '--data-dir', data], { HOME: tmp.path });
    expect(JSON.parse(after.stdout).looseFolders).toEqual([]);
  });

  it('a trust dir that is a symbolic link stays flagged after tightening: only the person replaces a link', () => {
    const real = join(tmp.path, 'real-trust');
    mkdirSync(join(real, 'private'), { recursive: true, mode: 0o700 });
    chmodSync(real, 0o755);
    const link = join(tmp.path, 'linked-trust');
    symlinkSync(real, link);
    expect(findLooseFolders({ trustDir: link })).toEqual([expect.objectContaining({ path: link, kind: 'trust-dir', problem: 'symlink', mode: '0755' })]);
    const r = tightenFolders({ trustDir: link });
    expect(r.tightened).toEqual([link]);
    expect(mode(real)).toBe(0o700);
    expect(r.remaining).toEqual([expect.objectContaining({ problem: 'symlink', message: expect.stringMatching(/symbolic link.*Replace it with the folder itself/) })]);
  });
});
