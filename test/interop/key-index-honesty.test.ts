import { readFileSync, readdirSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyInfo } from '../../shared/dto/keys';
import { generateKey } from '../../electron/core/keys/store/generate-key';
import { RACY_MS } from '../../electron/core/keys/store/list-index';
import { notaryOk, parseNotaryKeyList } from '../support/notary-cli';
import { makeTempDir } from '../support/temp-dir';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';
import { asNotaryRows, notaryRows } from '../support/vault-keys';

/**
 * The listing index (electron/core/keys/store/list-index.ts) must never make `trust-vault keys list` differ from
 * `notary key list` on the same trust dir. Each change below is made to a trust dir whose index is warm (rows for
 * every file, and the index-only shortcut on), then both tools list it as whole processes.
 */
describe('the listing index against notary key list', () => {
  const tmp = makeTempDir('tv-index-honesty-');
  const trust = join(tmp.path, 'trust');
  const spare = join(tmp.path, 'spare');
  const data = join(tmp.path, 'data');
  const pass = 'index honesty passphrase';
  const key = (dir: string, role: string, gun?: string) => generateKey(dir, { role, gun, algorithm: 'ecdsa', passphrase: pass }).key;

  const vaultList = (): KeyInfo[] => {
    const r = runBuiltCli(['keys', 'list', '--json', '--trust-dir', trust, '--data-dir', data], { HOME: tmp.path });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as KeyInfo[];
  };
  /** Both tools list the trust dir; they must agree row for row (ID, role, GUN). Returns the vault's listing. */
  const agree = (): KeyInfo[] => {
    const ours = vaultList();
    expect(asNotaryRows(ours)).toEqual(notaryRows(parseNotaryKeyList(notaryOk(trust, tmp.path, ['key', 'list']))));
    return ours;
  };
  const indexText = () => {
    const dir = join(data, 'cache');
    const [file] = readdirSync(dir).filter((f) => f.startsWith('keylist-'));
    return readFileSync(join(dir, file!), 'latin1');
  };
  /** Files are stored in the index once older than RACY_MS; then two listings make the index warm and index-only. */
  const warm = async () => {
    await new Promise((r) => setTimeout(r, RACY_MS + 300));
    agree();
    agree();
    expect(indexText().split('\n')[1]).toMatch(/^#private [0-9a-f]{96}$/);
  };
  const byId = (keys: KeyInfo[], id: string) => keys.find((k) => k.id === id);

  const WHOLE_SECOND = Math.floor(Date.now() / 1000) - 60;
  let a: KeyInfo, b: KeyInfo, d: KeyInfo, f: KeyInfo;
  beforeAll(() => {
    ensureBuiltCli();
    a = key(trust, 'targets', 'example.com/app12');
    b = key(trust, 'root');
    d = key(trust, 'targets/releases');
    f = key(trust, 'snapshot', 'example.com/app12');
    key(trust, 'timestamp', 'example.com/app12');
    // A whole second, so the replacement below can put back exactly the same mtime (Date has no nanoseconds).
    utimesSync(a.path, WHOLE_SECOND, WHOLE_SECOND);
  });
  afterAll(() => tmp.cleanup());

  it('a key file replaced in place (same name, size and mtime) shows its new role and GUN', async () => {
    await warm();
    // Another key whose headers have the same length: role snapshot + a GUN one character shorter.
    const other = key(spare, 'snapshot', 'example.com/app1');
    const bytes = readFileSync(other.path);
    const before = statSync(a.path);
    expect(bytes.length).toBe(before.size);
    writeFileSync(a.path, bytes); // same inode, truncated and rewritten: private/ itself does not change
    utimesSync(a.path, WHOLE_SECOND, WHOLE_SECOND);
    expect(statSync(a.path)).toMatchObject({ ino: before.ino, size: before.size, mtimeMs: before.mtimeMs });
    expect(byId(agree(), a.id)).toMatchObject({ role: 'snapshot', gun: 'example.com/app1' });
  });

  it('a key file touched without a change lists as before', async () => {
    await warm();
    const before = byId(vaultList(), f.id);
    const now = new Date();
    utimesSync(f.path, now, now);
    // Everything lists as before but the file date (writtenAt, the key list's sort by date), which follows the mtime.
    const after = byId(agree(), f.id);
    expect({ ...after, writtenAt: undefined }).toEqual({ ...before, writtenAt: undefined });
    expect(Math.abs(Date.parse(after!.writtenAt!) - now.getTime())).toBeLessThan(2);
  });

  it('a removed key file is no longer listed', async () => {
    await warm();
    unlinkSync(b.path);
    expect(byId(agree(), b.id)).toBeUndefined();
  });

  it('an added key file is listed', async () => {
    await warm();
    const added = key(trust, 'targets', 'example.com/added');
    expect(byId(agree(), added.id)).toMatchObject({ role: 'targets', gun: 'example.com/added' });
  });

  it('a renamed key file is listed under its new name only', async () => {
    await warm();
    const newId = 'f'.repeat(64);
    renameSync(d.path, join(trust, 'private', `${newId}.key`));
    const keys = agree();
    expect(byId(keys, d.id)).toBeUndefined();
    expect(byId(keys, newId)).toMatchObject({ role: 'targets/releases' });
  });

  it('a file changed twice within one timestamp tick is never served from the index', async () => {
    await warm();
    const young = key(trust, 'targets', 'example.com/app12');
    agree(); // listed while young: read, but not stored
    expect(indexText()).not.toContain(young.id);
    writeFileSync(young.path, readFileSync(key(spare, 'snapshot', 'example.com/app1').path));
    expect(byId(agree(), young.id)).toMatchObject({ role: 'snapshot', gun: 'example.com/app1' });
  });
});
