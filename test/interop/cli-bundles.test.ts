import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/temp-dir';
import { BUILT_CLI, ensureBuiltCli } from '../support/vault-cli';

/**
 * The built CLI loads only the command it runs (scripts/cli-chunks.mjs): a small entry, and one bundle per
 * command module named in electron/cli/run.ts. Checked on the files each whole process actually loads.
 */
describe('the CLI bundles', () => {
  const tmp = makeTempDir('tv-cli-bundles-');
  const dist = dirname(BUILT_CLI);
  // Prints, at exit, the files of dist/electron this process loaded.
  const probe = join(tmp.path, 'loaded.cjs');
  writeFileSync(
    probe,
    `process.on('exit', () => process.stderr.write('LOADED ' + JSON.stringify(Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(dist + '/')}))) + '\\n'));\n`,
  );
  const loaded = (args: string[]): string[] => {
    const r = spawnSync(process.execPath, ['--require', probe, BUILT_CLI, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmp.path },
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const line = r.stderr.split('\n').find((l) => l.startsWith('LOADED '))!;
    return (JSON.parse(line.slice('LOADED '.length)) as string[]).map((f) => basename(f)).sort();
  };

  beforeAll(() => ensureBuiltCli());
  afterAll(() => tmp.cleanup());

  it('answers --help from the entry alone, which stays small', () => {
    expect(loaded(['--help'])).toEqual(['cli.js']);
    expect(statSync(BUILT_CLI).size).toBeLessThan(64 * 1024);
  });

  it('loads only the keys list bundle for keys list', () => {
    const trust = join(tmp.path, 'trust');
    expect(loaded(['keys', 'list', '--json', '--trust-dir', trust, '--data-dir', join(tmp.path, 'data')])).toEqual(['cli.js', 'cli.keys-list.js']);
  });

  it('has a bundle for every command module the command table loads', () => {
    const table = readFileSync(join(__dirname, '..', '..', 'electron', 'cli', 'run.ts'), 'utf8');
    const chunks = [...table.matchAll(/import\('(\.[^']+)'\)/g)].map((m) => `cli.${basename(m[1]!)}.js`);
    expect(chunks.length).toBeGreaterThan(10);
    for (const chunk of chunks) expect(existsSync(join(dist, chunk)), chunk).toBe(true);
  });
});
