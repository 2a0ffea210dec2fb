import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuditProblem } from '../../../shared/dto/vault';
import { VaultError } from '../errors';
import { AuditLog, RESTART_CONFIRMATION, problemsSummary } from './audit-log';

/** linkSync as it is, unless a test makes the n-th call fail. */
const linkFault = vi.hoisted(() => ({ failCall: 0, calls: 0 }));
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  return {
    ...real,
    linkSync: (from: string, to: string) => {
      linkFault.calls++;
      if (linkFault.calls === linkFault.failCall) throw Object.assign(new Error(`EPERM: operation not permitted, link '${from}'`), { code: 'EPERM' });
      real.linkSync(from, to);
    },
  };
});
import { auditApi } from './audit-api';
import { MAX_DETAIL_CHARS } from './entry';

let dir: string;
let log: AuditLog;
let t: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tv-audit-restart-'));
  t = Date.parse('2026-03-01T10:00:00.000Z');
  log = new AuditLog({ dataDir: dir, via: 'app', clock: { now: () => new Date((t += 60_000)) }, actor: { user: 'alice', host: 'desk' } });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function fill(n = 4): void {
  for (let i = 0; i < n; i++) log.append({ action: 'key.generated', keyIds: ['a'.repeat(64)], role: 'root', result: 'ok' });
}
const lines = () => readFileSync(log.file, 'utf8').split('\n').slice(0, -1);
const writeLines = (ls: string[]) => writeFileSync(log.file, ls.map((l) => `${l}\n`).join(''));
/** Line 2 edited and the last entry removed: two problems. */
function tamper(): void {
  const ls = lines();
  ls[1] = ls[1]!.replace('"result":"ok"', '"result":"failed"');
  writeLines(ls.slice(0, -1));
}
const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof VaultError ? e.code : String(e);
  }
  return 'no error';
};
const kept = () => readdirSync(log.dir).filter((f) => f.startsWith('damaged-')).sort();

describe('AuditLog.restart', () => {
  it('is refused without the exact confirmation, and while the log is intact', () => {
    fill();
    const before = readFileSync(log.file);
    expect(code(() => log.restart(''))).toBe('CONFIRMATION_REQUIRED');
    expect(code(() => log.restart('Start a new log'))).toBe('CONFIRMATION_REQUIRED');
    expect(code(() => log.restart(' start a new log'))).toBe('CONFIRMATION_REQUIRED');
    expect(code(() => log.restart(RESTART_CONFIRMATION))).toBe('INVALID_ARGUMENT');
    expect(() => log.restart(RESTART_CONFIRMATION)).toThrow(/intact \(4 entries\): an intact log is never restarted/);
    expect(readFileSync(log.file)).toEqual(before);
    expect(kept()).toEqual([]);
    // An empty (never written) log is intact too.
    rmSync(log.dir, { recursive: true });
    expect(code(() => log.restart(RESTART_CONFIRMATION))).toBe('INVALID_ARGUMENT');
  });

  it('after tampering: keeps the old log byte for byte under a new name, starts a new chain naming it, and appends work again', () => {
    fill();
    tamper();
    const damagedBytes = readFileSync(log.file);
    const damagedHead = readFileSync(log.headFile);
    expect(code(() => log.append({ action: 'vault.locked', result: 'ok' }))).toBe('AUDIT_LOG_DAMAGED');
    const found = log.verify().problems;
    expect(found.map((p) => p.kind)).toEqual(['edited', 'truncated']);

    expect(code(() => log.restart('start over'))).toBe('CONFIRMATION_REQUIRED');
    expect(readFileSync(log.file)).toEqual(damagedBytes);

    const report = log.restartWithReport(RESTART_CONFIRMATION);
    expect(kept()).toHaveLength(2);
    const [headName, logName] = kept();
    expect(logName).toMatch(/^damaged-2026-03-01T10-\d\d-\d\d\.\d{3}Z\.jsonl$/);
    expect(headName).toBe(logName!.replace(/\.jsonl$/, '.head.json'));
    expect(report.keptLog).toBe(join(log.dir, logName!));
    expect(report.keptHead).toBe(join(log.dir, headName!));
    expect(readFileSync(join(log.dir, logName!))).toEqual(damagedBytes);
    expect(readFileSync(join(log.dir, headName!))).toEqual(damagedHead);
    const sha = createHash('sha256').update(damagedBytes).digest('hex');
    expect(report.sha256).toBe(sha);

    expect(report.verification).toMatchObject({ ok: true, entries: 1, problems: [] });
    const [first] = log.list();
    expect(first).toMatchObject({ seq: 1, action: 'audit.restarted', result: 'ok', keyIds: [], actor: { user: 'alice', host: 'desk', via: 'app' } });
    expect(first!.detail).toContain(logName);
    expect(first!.detail).toContain(sha);
    expect(first!.detail).toMatch(/verify found 2 problems: line 2 edited; truncated$/);
    expect(report.verification.head).toBe(first!.hash);

    const next = log.append({ action: 'vault.locked', result: 'ok' });
    expect(next.seq).toBe(2);
    expect(next.prev).toBe(first!.hash);
    expect(log.verify()).toMatchObject({ ok: true, entries: 2 });
    expect(readFileSync(join(log.dir, logName!))).toEqual(damagedBytes);
  });

  it('the new log is refused a second restart while intact; two damaged logs in a row give two distinct kept files', () => {
    // A fixed clock: both restarts happen "at the same moment", so the second name must not be the first one.
    const fixed = new AuditLog({ dataDir: dir, via: 'cli', clock: { now: () => new Date('2026-03-01T10:00:00.000Z') } });
    fill(3);
    tamper();
    const first = readFileSync(log.file);
    fixed.restart(RESTART_CONFIRMATION);
    expect(code(() => fixed.restart(RESTART_CONFIRMATION))).toBe('INVALID_ARGUMENT');
    writeFileSync(log.file, `${readFileSync(log.file, 'utf8')}not an entry\n`);
    const second = readFileSync(log.file);
    const v = fixed.restart(RESTART_CONFIRMATION);
    expect(v).toMatchObject({ ok: true, entries: 1 });
    const logs = kept().filter((f) => f.endsWith('.jsonl'));
    expect(logs).toEqual(['damaged-2026-03-01T10-00-00.000Z-2.jsonl', 'damaged-2026-03-01T10-00-00.000Z.jsonl']);
    expect(readFileSync(join(log.dir, logs[1]!))).toEqual(first);
    expect(readFileSync(join(log.dir, logs[0]!))).toEqual(second);
    expect(log.list()[0]!.detail).toContain(logs[0]);
    expect(log.list()[0]!.detail).toMatch(/1 problem: line 2 malformed$/);
  });

  it('a log that is gone (head.json says entries were written) keeps the head file and starts over', () => {
    fill(2);
    const head = readFileSync(log.headFile);
    rmSync(log.file);
    const r = log.restartWithReport(RESTART_CONFIRMATION);
    expect(r.keptLog).toBeNull();
    expect(readFileSync(r.keptHead!)).toEqual(head);
    expect(r.verification).toMatchObject({ ok: true, entries: 1 });
    expect(log.list()[0]!.detail).toMatch(/^There was no audit\.jsonl to keep; its head file was kept as damaged-.*\.head\.json; verify found 1 problem: truncated$/);
  });

  it('if the log cannot be moved aside, nothing changes', () => {
    fill(3);
    tamper();
    const bytes = readFileSync(log.file);
    const head = readFileSync(log.headFile);
    // The second link (the head file) fails: the first one is undone.
    Object.assign(linkFault, { calls: 0, failCall: 2 });
    try {
      expect(code(() => log.restart(RESTART_CONFIRMATION))).toBe('IO_ERROR');
    } finally {
      linkFault.failCall = 0;
    }
    expect(readFileSync(log.file)).toEqual(bytes);
    expect(readFileSync(log.headFile)).toEqual(head);
    expect(kept()).toEqual([]);
    expect(existsSync(log.file)).toBe(true);
  });

  it('keeps the detail within the 500-character limit however many problems there are', () => {
    fill(3);
    writeFileSync(log.file, Array.from({ length: 400 }, (_, i) => `garbage ${i}\n`).join(''));
    log.restart(RESTART_CONFIRMATION);
    const detail = log.list()[0]!.detail!;
    expect(detail.length).toBeLessThanOrEqual(MAX_DETAIL_CHARS);
    expect(detail).toMatch(/verify found 401 problems: line 1 malformed; truncated; line 2 malformed; .* \(\+\d+ more\)$/);
  });

  it('is the contract\'s audit.restart through auditApi', () => {
    fill(2);
    tamper();
    const api = auditApi(log, { chooseFileToSave: async () => null });
    expect(api.restart({ confirmation: RESTART_CONFIRMATION })).toMatchObject({ ok: true, entries: 1 });
  });
});

describe('problemsSummary', () => {
  const p = (line: number, kind: AuditProblem['kind']): AuditProblem => ({ line, kind, message: '' });
  it('names each problem by line and kind, and counts what does not fit', () => {
    expect(problemsSummary([p(3, 'edited'), p(9, 'truncated')])).toBe('2 problems: line 3 edited; truncated');
    expect(problemsSummary([p(3, 'reordered')])).toBe('1 problem: line 3 reordered');
    expect(problemsSummary([p(1, 'malformed'), p(2, 'malformed'), p(3, 'malformed')], 45)).toBe('3 problems: line 1 malformed (+2 more)');
  });
});
