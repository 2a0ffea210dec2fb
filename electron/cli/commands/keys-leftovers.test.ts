import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../core/audit/audit-log';
import { generateKey } from '../../core/keys/store/generate-key';
import { runCli } from '../run';

let tmp: string;
let trust: string;
let data: string;
beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tv-leftovers-cli-'));
  trust = join(tmp, 'trust');
  data = join(tmp, 'data');
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(args: string[]) {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--trust-dir', trust, '--data-dir', data], { stdout: (t) => (out += String(t)), stderr: (t) => (err += t), env: { HOME: tmp }, cwd: tmp });
  return { code, out, err };
}
const old = new Date(Date.now() - 3600_000);
const key = () => generateKey(trust, { role: 'root', algorithm: 'ecdsa', passphrase: 'a key passphrase' }).key;

/** `keys leftovers --promote / --remove [--force]` audits each action it takes, as the app does (issue 13, point 3). */
describe('keys leftovers, audited', () => {
  it('one entry for the promotion, one for the removal, none for a look or an action with nothing to do', async () => {
    const a = key();
    const b = key();
    const onlyCopy = join(trust, 'private', `.${a.id}.key.0123456789ab.tmp`);
    renameSync(a.path, onlyCopy);
    const dup = join(trust, 'private', `.${b.id}.key.ba9876543210.tmp`);
    copyFileSync(b.path, dup);
    for (const p of [onlyCopy, dup]) utimesSync(p, old, old);

    expect((await cli(['keys', 'leftovers'])).code).toBe(0);
    const r = await cli(['keys', 'leftovers', '--promote', '--remove']);
    expect(r.code, r.err).toBe(0);
    expect(existsSync(a.path) && !existsSync(onlyCopy) && !existsSync(dup)).toBe(true);
    expect((await cli(['keys', 'leftovers', '--promote', '--remove'])).out).toMatch(/No leftovers/);

    const c = key();
    const cOnly = join(trust, 'private', `.${c.id}.key.00000000cccc.tmp`);
    renameSync(c.path, cOnly);
    utimesSync(cOnly, old, old);
    expect((await cli(['keys', 'leftovers', '--remove', '--force'])).code).toBe(0);
    expect(existsSync(cOnly)).toBe(false);

    const entries = new AuditLog({ dataDir: data, via: 'cli' }).list().filter((e) => e.action.startsWith('key.leftover-'));
    expect(entries.map((e) => [e.action, e.keyIds, e.result, e.actor.via])).toEqual([
      ['key.leftover-promoted', [a.id], 'ok', 'cli'],
      ['key.leftover-removed', [], 'ok', 'cli'],
      ['key.leftover-removed', [c.id], 'ok', 'cli'],
    ]);
    expect(entries[0]!.detail).toBe(`put in place as ${a.id}.key`);
    expect(entries[2]!.detail).toMatch(/insisted past the only-copy warning/);
  });
});
