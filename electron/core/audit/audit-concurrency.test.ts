import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { AuditLog } from './audit-log';

const WORKER = join(__dirname, 'append-worker.fixture.ts');

function appendFrom(dataDir: string, who: string, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, dataDir, String(count), who], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`worker ${who} exited ${code}: ${err}`))));
  });
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tv-audit-conc-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('appends from three processes at once keep one intact chain', async () => {
  const log = new AuditLog({ dataDir: dir, via: 'app' });
  log.append({ action: 'vault.unlocked', result: 'ok' });
  await Promise.all([appendFrom(dir, 'p1', 50), appendFrom(dir, 'p2', 50), appendFrom(dir, 'p3', 50)]);
  const v = log.verify();
  expect(v.problems).toEqual([]);
  expect(v).toMatchObject({ ok: true, entries: 151 });
  const entries = log.list();
  expect(entries.map((e) => e.seq)).toEqual(Array.from({ length: 151 }, (_, i) => i + 1));
  for (const who of ['p1', 'p2', 'p3']) {
    expect(entries.filter((e) => e.actor.user === who).map((e) => e.detail)).toEqual(Array.from({ length: 50 }, (_, i) => `${who} ${i}`));
  }
  // The lock file is gone once every writer is done.
  expect(readdirSync(log.dir).sort()).toEqual(['audit.jsonl', 'head.json']);
});
