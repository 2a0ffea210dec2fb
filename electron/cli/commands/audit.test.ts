import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerification } from '../../../shared/dto/vault';
import { AuditLog } from '../../core/audit/audit-log';
import { runCli } from '../run';

let tmp: string;
let trust: string;
let data: string;
const ENV = { PASS: 'a long test passphrase 1', NEW: 'another long passphrase 2', BACKUP: 'backup passphrase for tests' };

beforeEach(() => {
  tmp = mkdtempSync(join(tmpdir(), 'tv-audit-cli-'));
  trust = join(tmp, 'trust');
  data = join(tmp, 'data');
  mkdirSync(trust, { mode: 0o700 });
});
afterEach(() => rmSync(tmp, { recursive: true, force: true }));

async function cli(args: string[], opts: { trustDir?: string } = {}) {
  let out = '';
  let err = '';
  const code = await runCli([...args, '--trust-dir', opts.trustDir ?? trust, '--data-dir', data], {
    stdout: (t) => (out += String(t)),
    stderr: (t) => (err += t),
    env: { HOME: tmp, ...ENV },
    cwd: tmp,
  });
  return { code, out, err };
}

const entries = () => new AuditLog({ dataDir: data, via: 'cli' }).list();
const logFile = () => join(data, 'audit', 'audit.jsonl');

async function generate(role = 'root'): Promise<string> {
  const r = await cli(['keys', 'generate', '--role', role, ...(role === 'root' ? [] : ['--gun', 'example.com/app']), '--passphrase-env', 'PASS', '--json']);
  expect(r.code, r.err).toBe(0);
  return (JSON.parse(r.out) as { id: string }).id;
}

describe('CLI commands append to the audit log', () => {
  it('keys generate, passwd, export, remove: one entry each; a usage error none; a failure one failed entry', async () => {
    const id = await generate();
    expect(entries()).toEqual([expect.objectContaining({ seq: 1, action: 'key.generated', keyIds: [id], role: 'root', result: 'ok', actor: expect.objectContaining({ via: 'cli' }) })]);

    expect((await cli(['keys', 'generate', '--passphrase-env', 'PASS'])).code).toBe(2); // no --role: bad usage, not an operation
    expect(entries()).toHaveLength(1);

    expect((await cli(['keys', 'passwd', '--id', id, '--passphrase-env', 'NEW', '--new-passphrase-env', 'PASS'])).code).toBe(1); // wrong old passphrase
    expect((await cli(['keys', 'passwd', '--id', id, '--passphrase-env', 'PASS', '--new-passphrase-env', 'NEW'])).code).toBe(0);
    expect((await cli(['keys', 'export', '--id', id, '--out', join(tmp, 'bundle.pem')])).code).toBe(0);
    expect((await cli(['keys', 'remove', '--id', id, '--yes'])).code).toBe(0);

    const list = entries();
    expect(list.map((e) => [e.action, e.result, e.error, e.keyIds])).toEqual([
      ['key.generated', 'ok', null, [id]],
      ['key.passphrase-changed', 'failed', 'WRONG_PASSPHRASE', [id]],
      ['key.passphrase-changed', 'ok', null, [id]],
      ['key.exported', 'ok', null, [id]],
      ['key.removed', 'ok', null, [id]],
    ]);
    expect(readFileSync(logFile(), 'utf8')).not.toContain(ENV.PASS);
    expect((await cli(['audit', 'verify'])).code).toBe(0);
  });

  it('keys import: one key.imported entry with the imported key IDs', async () => {
    const id = await generate('targets');
    expect((await cli(['keys', 'export', '--id', id, '--out', join(tmp, 'k.pem')])).code).toBe(0);
    const other = join(tmp, 'trust2');
    mkdirSync(other, { mode: 0o700 });
    const r = await cli(['keys', 'import', join(tmp, 'k.pem'), '--passphrase-env', 'PASS'], { trustDir: other });
    expect(r.code, r.err).toBe(0);
    expect(entries().at(-1)).toMatchObject({ action: 'key.imported', keyIds: [id], result: 'ok', detail: '1 imported, 0 refused' });
  });

  it('backup create, verify and restore: one entry each with the key IDs', async () => {
    const id = await generate();
    const out = join(tmp, 'backup.age');
    const made = await cli(['backup', 'create', '--out', out, '--passphrase-env', 'BACKUP']);
    expect(made.code, made.err).toBe(0);
    expect((await cli(['backup', 'verify', out, '--passphrase-env', 'BACKUP'])).code).toBe(0);
    expect((await cli(['backup', 'verify', out, '--passphrase-env', 'PASS'])).code).toBe(1);
    const into = join(tmp, 'restored');
    mkdirSync(into, { mode: 0o700 });
    expect((await cli(['backup', 'restore', out, '--passphrase-env', 'BACKUP', '--dry-run'], { trustDir: into })).code).toBe(0);
    const restored = await cli(['backup', 'restore', out, '--passphrase-env', 'BACKUP'], { trustDir: into });
    expect(restored.code, restored.err).toBe(0);
    expect(entries().slice(1).map((e) => [e.action, e.result, e.keyIds])).toEqual([
      ['backup.written', 'ok', [id]],
      ['backup.verified', 'ok', [id]],
      ['backup.verified', 'failed', []],
      ['backup.restored', 'ok', [id]],
    ]);
    expect(entries()[2]!.detail).toBe('backup.age: checks out');
  });

  it('repo init that cannot reach its server: one failed publish.init entry', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const r = await cli(['repo', 'init', 'example.com/app', '--server', `http://127.0.0.1:${port}`, '--root-passphrase-env', 'PASS', '--targets-passphrase-env', 'PASS', '--snapshot-passphrase-env', 'PASS']);
    expect(r.code).toBe(1);
    expect(entries()).toEqual([expect.objectContaining({ action: 'publish.init', gun: 'example.com/app', result: 'failed' })]);
    expect(entries()[0]!.error).toMatch(/^[A-Z_]+$/);
  });
});

describe('audit list and audit verify', () => {
  async function three() {
    const a = await generate();
    const b = await generate('targets');
    await cli(['keys', 'passwd', '--id', a, '--passphrase-env', 'NEW', '--new-passphrase-env', 'PASS']);
    return { a, b };
  }

  it('lists entries as JSON and text, with filters', async () => {
    const { a, b } = await three();
    const all = JSON.parse((await cli(['audit', 'list', '--json'])).out) as AuditEntry[];
    expect(all.map((e) => e.action)).toEqual(['key.generated', 'key.generated', 'key.passphrase-changed']);
    const byId = JSON.parse((await cli(['audit', 'list', '--id', a.slice(0, 8), '--json'])).out) as AuditEntry[];
    expect(byId.map((e) => e.seq)).toEqual([1, 3]);
    const failed = JSON.parse((await cli(['audit', 'list', '--result', 'failed', '--json'])).out) as AuditEntry[];
    expect(failed.map((e) => e.seq)).toEqual([3]);
    const gen = JSON.parse((await cli(['audit', 'list', '--action', 'key.generated', '--action', 'key.removed', '--json'])).out) as AuditEntry[];
    expect(gen.map((e) => e.keyIds[0])).toEqual([a, b]);
    const none = JSON.parse((await cli(['audit', 'list', '--since', '2999-01-01', '--json'])).out) as AuditEntry[];
    expect(none).toEqual([]);
    const text = (await cli(['audit', 'list'])).out.split('\n').filter(Boolean);
    expect(text).toHaveLength(3);
    expect(text[2]).toContain('key.passphrase-changed');
    expect(text[2]).toContain('FAILED WRONG_PASSPHRASE');
    expect(text[0]).toContain(a.slice(0, 12));
    expect(text[0]).toContain('(cli)');
  });

  it('refuses bad filters as usage errors', async () => {
    expect((await cli(['audit', 'list', '--action', 'key.stolen'])).code).toBe(2);
    expect((await cli(['audit', 'list', '--result', 'maybe'])).code).toBe(2);
    expect((await cli(['audit', 'list', '--since', 'yesterday'])).code).toBe(2);
    expect((await cli(['audit', 'list', '--id', 'XYZ'])).code).toBe(2);
    expect((await cli(['audit', 'verify', '--id', 'ab'])).code).toBe(2);
    expect((await cli(['audit', 'frobnicate'])).code).toBe(2);
  });

  it('verify exits 0 on an intact chain and 1 with each problem when an entry was edited, removed or reordered', async () => {
    await three();
    const ok = await cli(['audit', 'verify', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ ok: true, entries: 3, problems: [] });
    expect((await cli(['audit', 'verify'])).out).toMatch(/intact: 3 entries/);

    const original = readFileSync(logFile(), 'utf8');
    const lines = original.split('\n').slice(0, -1);
    const tamper = async (ls: string[]) => {
      writeFileSync(logFile(), ls.map((l) => `${l}\n`).join(''));
      const r = await cli(['audit', 'verify', '--json']);
      writeFileSync(logFile(), original);
      return { ...r, v: JSON.parse(r.out) as AuditVerification };
    };

    const edited = await tamper(lines.map((l, i) => (i === 1 ? l.replace('"result":"ok"', '"result":"failed"') : l)));
    expect(edited.code).toBe(1);
    expect(edited.v.problems).toEqual([expect.objectContaining({ kind: 'edited', line: 2 })]);
    expect(edited.err).toMatch(/AUDIT_LOG_DAMAGED/);

    expect((await tamper([lines[0]!, lines[2]!])).v.problems).toEqual([expect.objectContaining({ kind: 'removed', line: 2 })]);
    expect((await tamper([lines[0]!, lines[1]!])).v.problems).toEqual([expect.objectContaining({ kind: 'truncated', line: 3 })]);
    expect((await tamper([lines[1]!, lines[0]!, lines[2]!])).v.problems).toEqual([expect.objectContaining({ kind: 'reordered', line: 2 })]);
    expect((await tamper([lines[0]!, 'not json', lines[2]!])).v.problems).toEqual([expect.objectContaining({ kind: 'malformed', line: 2 })]);

    writeFileSync(logFile(), `${lines[0]}\n${lines[2]}\n`);
    const text = await cli(['audit', 'verify']);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/NOT intact/);
    expect(text.out).toMatch(/line 2: removed: Entries #2 are missing/);
  });
});

describe('audit restart', () => {
  it('needs --yes (a usage error saying what it does), is refused while the log is intact, and keeps a damaged log aside', async () => {
    await generate();
    await generate('targets');
    const noYes = await cli(['audit', 'restart']);
    expect(noYes.code).toBe(2);
    expect(noYes.err).toMatch(/moves the damaged audit log aside .*not deleted.* starts a new chain whose first entry names it; add --yes/);
    expect((await cli(['audit', 'restart', '--yes', '--id', 'ab'])).code).toBe(2);

    const intact = await cli(['audit', 'restart', '--yes']);
    expect(intact.code).toBe(1);
    expect(intact.err).toMatch(/intact \(2 entries\): an intact log is never restarted \(INVALID_ARGUMENT\)/);
    expect(entries()).toHaveLength(2);

    const ls = readFileSync(logFile(), 'utf8').split('\n').slice(0, -1);
    // The first entry edited, the last one removed: append refuses to chain onto that.
    writeFileSync(logFile(), `${ls[0]!.replace('"result":"ok"', '"result":"failed"')}\n`);
    const damagedBytes = readFileSync(logFile());
    // Fails closed (issue 12, point 3): the key operation is refused, naming the way out, and the log is untouched.
    const refused = await cli(['keys', 'generate', '--role', 'snapshot', '--gun', 'example.com/app', '--passphrase-env', 'PASS', '--json']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/start a new log.*AUDIT_LOG_DAMAGED/);
    expect(readFileSync(logFile())).toEqual(damagedBytes);

    const r = await cli(['audit', 'restart', '--yes', '--json']);
    expect(r.code, r.err).toBe(0);
    const out = JSON.parse(r.out) as AuditVerification & { keptLog: string; keptHead: string; sha256: string; found: { kind: string; line: number }[] };
    expect(out).toMatchObject({ ok: true, entries: 1, problems: [], found: [expect.objectContaining({ kind: 'edited', line: 1 }), expect.objectContaining({ kind: 'truncated' })] });
    expect(readFileSync(out.keptLog)).toEqual(damagedBytes);
    expect(entries()).toEqual([expect.objectContaining({ seq: 1, action: 'audit.restarted', result: 'ok', actor: expect.objectContaining({ via: 'cli' }) })]);
    expect(entries()[0]!.detail).toContain(out.sha256);
    expect((await cli(['audit', 'verify'])).code).toBe(0);

    await generate();
    expect(entries().map((e) => e.action)).toEqual(['audit.restarted', 'key.generated']);

    // Damaged again: the text output names the kept file; the first kept file is still there.
    writeFileSync(logFile(), `${readFileSync(logFile(), 'utf8')}garbage\n`);
    const text = await cli(['audit', 'restart', '--yes']);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toMatch(/The damaged log was kept as .*damaged-.*\.jsonl \(sha256 [0-9a-f]{64}\); it had 1 problem: line 3 malformed\.\nA new log was started .*: 1 entry, chain intact\./);
    expect(readdirSync(join(data, 'audit')).filter((f) => f.endsWith('.jsonl') && f.startsWith('damaged-'))).toHaveLength(2);
  });
});
