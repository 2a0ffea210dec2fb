import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditEntry } from '../../../shared/dto/vault';
import { VaultError } from '../errors';
import { AuditLog } from './audit-log';
import { audited } from './audited';
import { ZERO_HASH, hashOf, lineOf } from './entry';

const ID1 = 'a'.repeat(64);
const ID2 = 'b'.repeat(64);

let dir: string;
let log: AuditLog;
let t: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tv-audit-'));
  t = Date.parse('2026-03-01T10:00:00.000Z');
  log = new AuditLog({ dataDir: dir, via: 'app', clock: { now: () => new Date((t += 60_000)) }, actor: { user: 'alice', host: 'desk' } });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** Five entries of different kinds. */
function fill(): AuditEntry[] {
  return [
    log.append({ action: 'key.generated', keyIds: [ID1], role: 'root', result: 'ok', detail: 'ecdsa' }),
    log.append({ action: 'key.exported', keyIds: [ID1, ID2], result: 'ok' }),
    log.append({ action: 'backup.written', keyIds: [ID2], result: 'failed', error: 'DRIVE_FULL', detail: 'USB STICK' }),
    log.append({ action: 'publish.init', gun: 'example.com/app', keyIds: [ID2], result: 'ok' }),
    log.append({ action: 'vault.locked', result: 'ok', detail: 'idle' }),
  ];
}

const lines = () => readFileSync(log.file, 'utf8').split('\n').slice(0, -1);
const writeLines = (ls: string[]) => writeFileSync(log.file, ls.map((l) => `${l}\n`).join(''));
const kinds = () => log.verify().problems.map((p) => [p.kind, p.line] as const);

describe('AuditLog: the chain', () => {
  it('appends hash-linked entries, one line each, and reads them back intact', () => {
    const written = fill();
    expect(written.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(written[0]!.prev).toBe(ZERO_HASH);
    for (let i = 1; i < written.length; i++) expect(written[i]!.prev).toBe(written[i - 1]!.hash);
    for (const e of written) expect(e.hash).toBe(hashOf(e));
    expect(written[2]).toMatchObject({ result: 'failed', error: 'DRIVE_FULL', actor: { user: 'alice', host: 'desk', via: 'app' }, gun: null, role: null });
    expect(written[0]!.error).toBeNull();
    expect(lines()).toHaveLength(5);
    expect(log.list()).toEqual(written);
    expect(log.verify()).toEqual({ ok: true, entries: 5, head: written[4]!.hash, problems: [] });
    expect(JSON.parse(readFileSync(log.headFile, 'utf8'))).toEqual({ seq: 5, hash: written[4]!.hash });
    expect(log.exportJsonLines()).toBe(readFileSync(log.file, 'utf8'));
  });

  it('keeps the folder 0700 and the files 0600', () => {
    log.append({ action: 'vault.unlocked', result: 'ok' });
    if (process.platform === 'win32') return;
    expect(statSync(log.dir).mode & 0o777).toBe(0o700);
    expect(statSync(log.file).mode & 0o777).toBe(0o600);
    expect(statSync(log.headFile).mode & 0o777).toBe(0o600);
  });

  it('an empty or missing log verifies as intact with no entries', () => {
    expect(log.verify()).toEqual({ ok: true, entries: 0, head: null, problems: [] });
    expect(log.list()).toEqual([]);
    expect(log.exportJsonLines()).toBe('');
  });

  it('continues the chain across instances (the app and the CLI share the file)', () => {
    const a = log.append({ action: 'vault.unlocked', result: 'ok' });
    const cli = new AuditLog({ dataDir: dir, via: 'cli' });
    const b = cli.append({ action: 'key.removed', keyIds: [ID1], result: 'ok' });
    expect(b).toMatchObject({ seq: 2, prev: a.hash, actor: { via: 'cli' } });
    expect(cli.verify().ok).toBe(true);
  });

  it('filters by action, key ID prefix, result and time', () => {
    fill();
    expect(log.list({ actions: ['key.generated', 'key.exported'] }).map((e) => e.seq)).toEqual([1, 2]);
    expect(log.list({ keyId: 'bbbb' }).map((e) => e.seq)).toEqual([2, 3, 4]);
    expect(log.list({ result: 'failed' }).map((e) => e.seq)).toEqual([3]);
    expect(log.list({ since: '2026-03-01T10:03:00.000Z' }).map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(log.list({ until: '2026-03-01T10:02:00.000Z' }).map((e) => e.seq)).toEqual([1, 2]);
    expect(log.list({ keyId: 'aaa', actions: ['key.exported'] }).map((e) => e.seq)).toEqual([2]);
  });

  it('refuses a long detail, a bad key ID, an unknown action; caps long key ID lists', () => {
    const code = (f: () => unknown) => {
      try {
        f();
        return 'none';
      } catch (e) {
        return e instanceof VaultError ? e.code : String(e);
      }
    };
    expect(code(() => log.append({ action: 'key.generated', result: 'ok', detail: 'x'.repeat(501) }))).toBe('INVALID_ARGUMENT');
    expect(code(() => log.append({ action: 'key.generated', result: 'ok', keyIds: ['not a key id!'] }))).toBe('INVALID_ARGUMENT');
    expect(code(() => log.append({ action: 'key.stolen' as 'key.generated', result: 'ok' }))).toBe('INVALID_ARGUMENT');
    expect(existsSync(log.file)).toBe(false);
    const many = Array.from({ length: 1000 }, (_, i) => i.toString(16).padStart(64, '0'));
    const e = log.append({ action: 'backup.written', keyIds: many, result: 'ok', detail: '2 copies' });
    expect(e.keyIds).toHaveLength(800);
    expect(e.detail).toBe('2 copies (+200 more keys)');
    expect(log.verify().ok).toBe(true);
  });
});

describe('AuditLog.verify: tampering', () => {
  const FIELDS: (keyof AuditEntry)[] = ['seq', 'at', 'action', 'keyIds', 'gun', 'role', 'result', 'error', 'detail', 'actor', 'prev'];
  const changed: Record<string, unknown> = {
    seq: 42,
    at: '2020-01-01T00:00:00.000Z',
    action: 'vault.unlocked',
    keyIds: [ID1, ID2, 'c'.repeat(64)],
    gun: 'evil.example/x',
    role: 'targets',
    result: 'flip',
    error: 'WRONG_PASSPHRASE',
    detail: 'nothing to see',
    actor: { user: 'mallory', host: 'desk', via: 'cli' },
    prev: 'f'.repeat(64),
  };

  for (const field of FIELDS) {
    it(`editing ${field} of any entry is caught at that entry's line`, () => {
      fill();
      const original = lines();
      for (let i = 0; i < original.length; i++) {
        const e = JSON.parse(original[i]!) as AuditEntry;
        const value = field === 'result' ? (e.result === 'ok' ? 'failed' : 'ok') : changed[field];
        const edited = lineOf({ ...e, [field]: value } as AuditEntry);
        writeLines(original.map((l, j) => (j === i ? edited : l)));
        const v = log.verify();
        expect(v.ok, `${field} of line ${i + 1}`).toBe(false);
        expect(v.problems.map((p) => p.line)).toContain(i + 1);
        // A changed number also moves the entry out of place (a gap, or out of order): still at that line.
        if (field !== 'seq') expect(v.problems, `${field} of line ${i + 1}`).toEqual([expect.objectContaining({ kind: 'edited', line: i + 1 })]);
      }
    });
  }

  it('an edit with the hash recomputed is caught by the next entry\'s link', () => {
    fill();
    const ls = lines();
    const e = JSON.parse(ls[1]!) as AuditEntry;
    const forged = { ...e, keyIds: [ID1] };
    ls[1] = lineOf({ ...forged, hash: hashOf(forged) });
    writeLines(ls);
    expect(kinds()).toEqual([['edited', 3]]);
    expect(log.verify().problems[0]!.message).toMatch(/does not link to entry #2/);
  });

  it('deleting a middle entry is reported as removed where it was', () => {
    fill();
    writeLines(lines().filter((_, i) => i !== 2));
    expect(kinds()).toEqual([['removed', 3]]);
    expect(log.verify().problems[0]!.message).toMatch(/#3 are missing/);
  });

  it('deleting the first entry is reported as removed from the start', () => {
    fill();
    writeLines(lines().slice(1));
    expect(kinds()).toEqual([['removed', 1]]);
  });

  it('deleting the last entries is caught by head.json', () => {
    fill();
    writeLines(lines().slice(0, 3));
    const v = log.verify();
    expect(v.problems).toEqual([expect.objectContaining({ kind: 'truncated', line: 4 })]);
    expect(v.problems[0]!.message).toMatch(/2 removed from the end/);
    expect(v.entries).toBe(3);
  });

  it('deleting the whole file, or head.json, is caught', () => {
    fill();
    unlinkSync(log.headFile);
    expect(kinds()).toEqual([['truncated', 6]]);
    writeFileSync(log.file, '');
    writeFileSync(log.headFile, JSON.stringify({ seq: 10, hash: 'c'.repeat(64) }));
    expect(kinds()).toEqual([['truncated', 1]]);
    unlinkSync(log.file);
    expect(log.verify().problems[0]!.message).toMatch(/gone/);
  });

  it('swapping two entries is one reordered problem', () => {
    fill();
    const ls = lines();
    [ls[1], ls[2]] = [ls[2]!, ls[1]!];
    writeLines(ls);
    expect(kinds()).toEqual([['reordered', 3]]);
    expect(log.verify().problems[0]!.message).toMatch(/#2 comes after entry #3/);
  });

  it('moving the first entry to the end is reordered', () => {
    fill();
    const ls = lines();
    writeLines([...ls.slice(1), ls[0]!]);
    expect(kinds()).toEqual([['reordered', 5]]);
  });

  it('inserting a forged entry (valid hash, same number) is caught at its line', () => {
    fill();
    const ls = lines();
    const before = JSON.parse(ls[1]!) as AuditEntry;
    const body = { ...before, seq: 3, action: 'key.removed' as const, keyIds: [ID1], prev: before.hash };
    const forged = lineOf({ ...body, hash: hashOf(body) });
    writeLines([...ls.slice(0, 2), forged, ...ls.slice(2)]);
    expect(kinds()).toEqual([['edited', 3]]);
    expect(log.verify().problems[0]!.message).toMatch(/inserted/);
    // The same forged line after the real #3 is caught there too.
    writeLines([...ls.slice(0, 3), forged, ...ls.slice(3)]);
    expect(kinds()).toEqual([['edited', 4]]);
  });

  it('inserting a forged entry with a made-up hash is edited', () => {
    fill();
    const ls = lines();
    const e = JSON.parse(ls[0]!) as AuditEntry;
    writeLines([ls[0]!, lineOf({ ...e, seq: 2, prev: e.hash, hash: 'd'.repeat(64) }), ...ls.slice(1)]);
    expect(log.verify().ok).toBe(false);
    expect(log.verify().problems.map((p) => p.line)).toContain(2);
  });

  it('a malformed line is reported as malformed at its line, and only that', () => {
    fill();
    const ls = lines();
    ls[2] = '{"seq":3,"this is not';
    writeLines(ls);
    expect(kinds()).toEqual([['malformed', 3]]);
    ls[2] = JSON.stringify({ hello: 'world' });
    writeLines(ls);
    expect(kinds()).toEqual([['malformed', 3]]);
    expect(log.list()).toHaveLength(4);
    expect(log.exportJsonLines().split('\n')).toHaveLength(5);
  });

  it('a torn last line is malformed, and append refuses to chain onto it', () => {
    fill();
    writeFileSync(log.file, `${readFileSync(log.file, 'utf8')}{"seq":6,"at":"20`);
    expect(kinds()).toEqual([['malformed', 6]]);
    expect(() => log.append({ action: 'vault.unlocked', result: 'ok' })).toThrow(expect.objectContaining({ code: 'AUDIT_LOG_DAMAGED' }));
  });

  it('append refuses to chain onto a log whose end was removed', () => {
    fill();
    writeLines(lines().slice(0, 4));
    expect(() => log.append({ action: 'vault.unlocked', result: 'ok' })).toThrow(/entries after #4 were removed/);
    expect(lines()).toHaveLength(4);
  });

  it('an append interrupted before head.json was updated is tolerated', () => {
    const written = fill();
    writeFileSync(log.headFile, JSON.stringify({ seq: 4, hash: written[3]!.hash }));
    expect(log.verify().ok).toBe(true);
    const next = log.append({ action: 'vault.unlocked', result: 'ok' });
    expect(next.seq).toBe(6);
    expect(log.verify().ok).toBe(true);
  });

  it('appends interrupted between their line and head.json, twice in a row or more, never leave a log that refuses the next', () => {
    // A kill -9 after the line is written and before head.json: the line is on disk, the process is gone.
    const proto = AuditLog.prototype as unknown as { appendLine(this: AuditLog, line: string): void };
    const original = proto.appendLine;
    const killedAfterLine = () =>
      vi.spyOn(proto, 'appendLine').mockImplementationOnce(function (this: AuditLog, line: string) {
        original.call(this, line);
        throw new Error('killed');
      });
    // From the very first entry (no head file yet), then three in a row.
    for (let i = 0; i < 4; i++) {
      killedAfterLine();
      expect(() => log.append({ action: 'vault.unlocked', result: 'ok' })).toThrow('killed');
      vi.restoreAllMocks();
      expect(() => log.checkWritable()).not.toThrow();
    }
    expect(log.append({ action: 'vault.locked', result: 'ok' }).seq).toBe(5);
    expect(log.verify()).toMatchObject({ ok: true, entries: 5 });
  });

  it('reads the last entry from the tail even when lines are long', () => {
    for (let i = 0; i < 30; i++) log.append({ action: 'backup.written', keyIds: Array.from({ length: 700 }, (_, j) => (i * 1000 + j).toString(16).padStart(64, '0')), result: 'ok' });
    expect(log.verify()).toMatchObject({ ok: true, entries: 30 });
  });
});

describe('audited', () => {
  it('records one ok entry, merging what the result says', async () => {
    const r = await audited(log, { action: 'key.generated', role: 'root' }, () => ({ id: ID1 }), (x) => ({ keyIds: [x.id] }));
    expect(r).toEqual({ id: ID1 });
    expect(log.list()).toEqual([expect.objectContaining({ action: 'key.generated', role: 'root', keyIds: [ID1], result: 'ok', error: null })]);
  });

  it('records one failed entry with the error code and rethrows', async () => {
    await expect(audited(log, { action: 'key.removed', keyIds: [ID1] }, () => Promise.reject(new VaultError('ONLY_COPY', 'no')))).rejects.toThrow('no');
    await expect(audited(log, { action: 'key.removed', keyIds: [ID2] }, () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(log.list().map((e) => [e.result, e.error, e.keyIds[0]])).toEqual([['failed', 'ONLY_COPY', ID1], ['failed', 'INTERNAL', ID2]]);
  });

  it('records nothing for a cancelled dialog', async () => {
    expect(await audited(log, { action: 'key.exported', keyIds: [ID1] }, () => null)).toBeNull();
    await expect(audited(log, { action: 'key.generated' }, () => { throw new VaultError('CANCELLED', 'Cancelled'); })).rejects.toThrow();
    expect(log.list()).toEqual([]);
  });

  it('an audit log that cannot be written never fails the operation', async () => {
    fill();
    writeFileSync(log.file, `${readFileSync(log.file, 'utf8')}garbage\n`);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      expect(await audited(log, { action: 'vault.unlocked' }, () => 'done')).toBe('done');
      expect(await audited(log, { action: 'vault.locked' }, () => 'again')).toBe('again');
      await expect(audited(log, { action: 'vault.locked' }, () => { throw new VaultError('VAULT_LOCKED', 'x'); })).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/AUDIT_LOG_DAMAGED|damaged/);
    } finally {
      warn.mockRestore();
    }
  });

  it('with no log, just runs', async () => {
    expect(await audited(undefined, { action: 'vault.unlocked' }, () => 1)).toBe(1);
  });
});

describe('the writers\' lock', () => {
  it('breaks a lock left by a process that died (older than 10 s), and waits for a live one', async () => {
    const { utimesSync } = await import('node:fs');
    log.append({ action: 'vault.unlocked', result: 'ok' });
    const lock = join(log.dir, 'audit.lock');
    writeFileSync(lock, '999999 dead\n');
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    expect(log.append({ action: 'vault.locked', result: 'ok' }).seq).toBe(2);
    expect(existsSync(lock)).toBe(false);

    writeFileSync(lock, '1 alive\n');
    const impatient = new AuditLog({ dataDir: dir, via: 'cli', lock: { waitMs: 200 } });
    expect(() => impatient.append({ action: 'vault.locked', result: 'ok' })).toThrow(/another process has held it/);
    expect(readFileSync(lock, 'utf8')).toBe('1 alive\n'); // a live lock is not broken
    // Readers do not wait forever for it either: they read the log as it is.
    expect(impatient.verify()).toMatchObject({ ok: true, entries: 2 });
    unlinkSync(lock);
    expect(impatient.append({ action: 'vault.locked', result: 'ok' }).seq).toBe(3);
  });
});
