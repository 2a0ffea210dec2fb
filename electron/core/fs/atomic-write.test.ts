import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../test/support/temp-dir';
import { replaceFileAtomically, writeNewFileAtomically, writeNewFilesAtomically } from './atomic-write';
import { ensureSecureDir } from './secure-dir';

describe('atomic writes', () => {
  const tmp = makeTempDir('tv-fs-');
  const oldUmask = process.umask();
  afterEach(() => process.umask(oldUmask));
  afterAll(() => tmp.cleanup());

  it('creates 0600 files in 0700 folders whatever the umask, leaving no temporary file', () => {
    process.umask(0); // the loosest umask: modes must still be 0600/0700
    const file = join(tmp.path, 'a', 'b', 'k.key');
    writeNewFileAtomically(file, 'secret');
    expect(readFileSync(file, 'utf8')).toBe('secret');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(tmp.path, 'a')).mode & 0o777).toBe(0o700);
    expect(statSync(join(tmp.path, 'a', 'b')).mode & 0o777).toBe(0o700);
    expect(readdirSync(join(tmp.path, 'a', 'b'))).toEqual(['k.key']);
  });

  it('never overwrites an existing file', () => {
    const file = join(tmp.path, 'exists.key');
    writeFileSync(file, 'original');
    expect(() => writeNewFileAtomically(file, 'new')).toThrow(/already exists/);
    expect(readFileSync(file, 'utf8')).toBe('original');
    expect(readdirSync(tmp.path).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('writes several files all or none', () => {
    const dir = join(tmp.path, 'batch');
    mkdirSync(dir);
    writeFileSync(join(dir, 'second'), 'there already');
    expect(() =>
      writeNewFilesAtomically([
        { path: join(dir, 'first'), data: '1' },
        { path: join(dir, 'second'), data: '2' },
      ]),
    ).toThrow(/already exists/);
    expect(readdirSync(dir)).toEqual(['second']);
  });

  it('replaces a file in one step and keeps it 0600', () => {
    const file = join(tmp.path, 'settings.json');
    writeFileSync(file, 'old', { mode: 0o644 });
    replaceFileAtomically(file, 'new');
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('leaves an existing folder mode alone', () => {
    const dir = join(tmp.path, 'users-own');
    mkdirSync(dir, { mode: 0o755 });
    ensureSecureDir(dir);
    expect(statSync(dir).mode & 0o777).toBe(0o755);
  });
});
