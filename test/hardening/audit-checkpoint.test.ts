import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerification } from '../../shared/dto/vault';
import { ZERO_HASH, hashOf, lineOf } from '../../electron/core/audit/entry';
import { openBackup } from '../../electron/core/backup/open-backup';
import { VaultSession } from '../../electron/core/vault/vault-session';
import { manualClock } from '../../electron/core/vault/testing';
import { makeTempDir } from '../support/temp-dir';
import { ensureBuiltCli, runBuiltCli } from '../support/vault-cli';

/**
 * Issue 12, point 3, through the built CLI: anyone who can write the data folder can rewrite the audit log and
 * recompute its whole chain (and head.json), or delete it; the hash chain alone then says "intact". The vault's
 * checkpoints (an HMAC under a key only the vault holds) do not match such a log: `audit verify
 * --vault-passphrase-env` reports it as tampered, with the entries and since when, and exits 1. Key operations fail
 * closed on a log they cannot append to; failed unlocks are audited.
 */

const MASTER = 'the vault master passphrase';
const ENV = { VP: MASTER, WRONG: 'not the vault passphrase', KP: 'a key passphrase for tests' };

let tmp: { path: string; cleanup: () => void };
beforeAll(() => {
  ensureBuiltCli();
  tmp = makeTempDir('tv-audit-checkpoint-');
});
afterAll(() => tmp.cleanup());

function dirs(name: string) {
  const base = join(tmp.path, name);
  return { trust: join(base, 'trust'), data: join(base, 'data'), log: join(base, 'data', 'audit', 'audit.jsonl'), head: join(base, 'data', 'audit', 'head.json') };
}

async function makeVault(data: string): Promise<void> {
  const session = new VaultSession({
    dataDir: data,
    clock: manualClock().clock,
    calibrator: async (targetMs) => ({ params: { memoryKiB: 65536, iterations: 1, parallelism: 4, salt: randomBytes(16) }, targetMs, measuredMs: 1 }),
  });
  await session.create(MASTER);
  session.lock('manual');
  session.dispose();
}

const cli = (d: ReturnType<typeof dirs>, args: string[]) => runBuiltCli([...args, '--trust-dir', d.trust, '--data-dir', d.data], ENV);
const generate = (d: ReturnType<typeof dirs>, role = 'targets') => {
  const r = cli(d, ['keys', 'generate', '--role', role, '--gun', 'example.com/app', '--passphrase-env', 'KP', '--json']);
  expect(r.status, r.stderr).toBe(0);
};
const verify = (d: ReturnType<typeof dirs>, withVault: boolean) => {
  const r = cli(d, ['audit', 'verify', '--json', ...(withVault ? ['--vault-passphrase-env', 'VP'] : [])]);
  return { ...r, out: JSON.parse(r.stdout) as AuditVerification };
};
const readEntries = (d: ReturnType<typeof dirs>) =>
  readFileSync(d.log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEntry);

/** What an attacker does: edits entries, recomputes every hash and link and the head file. */
function rewriteLog(d: ReturnType<typeof dirs>, edit: (e: AuditEntry) => void): void {
  let prev = ZERO_HASH;
  const out: AuditEntry[] = [];
  for (const e of readEntries(d)) {
    edit(e);
    const body = { ...e, prev } as Omit<AuditEntry, 'hash'> & { hash?: string };
    delete body.hash;
    const entry = { ...body, hash: hashOf(body) } as AuditEntry;
    out.push(entry);
    prev = entry.hash;
  }
  writeFileSync(d.log, out.map((e) => `${lineOf(e)}\n`).join(''));
  const last = out[out.length - 1]!;
  writeFileSync(d.head, `${JSON.stringify({ seq: last.seq, hash: last.hash })}\n`);
}

describe('an audit log a rewrite cannot fool', () => {
  it('a fully rewritten log with a recomputed chain: the chain says intact, the checkpoints say tampered (which entries, since when), exit 1', async () => {
    const d = dirs('rewritten');
    await makeVault(d.data);
    generate(d);
    generate(d);
    expect(verify(d, true).status).toBe(0); // the unlock checkpoints entries #1-#2
    generate(d); // #3, written by a command that never opened the vault
    const before = verify(d, true);
    expect(before.status, before.stderr).toBe(0);
    expect(before.out.checkpoint).toMatchObject({ state: 'confirmed', last: { seq: 2 }, unconfirmed: [3] });
    const text = cli(d, ['audit', 'verify', '--vault-passphrase-env', 'VP']);
    expect(text.stdout).toMatch(/goes on from the vault's last checkpoint/);

    // Every "key.generated" becomes "key.imported", the whole chain and head.json recomputed.
    rewriteLog(d, (e) => {
      if (e.action === 'key.generated') e.action = 'key.imported';
    });
    const chainOnly = verify(d, false);
    expect(chainOnly.status).toBe(0); // the hash chain alone cannot tell
    const r = verify(d, true);
    expect(r.status).toBe(1);
    expect(r.out.ok).toBe(false);
    expect(r.out.checkpoint).toMatchObject({ state: 'tampered', tampered: { firstSeq: 1, lastSeq: 3 } });
    expect(r.out.problems[0]).toMatchObject({ kind: 'tampered' });
    expect(r.stderr).toMatch(/tampered.*not the entries the vault's checkpoint of .* recorded.*AUDIT_LOG_DAMAGED/);
    // The tampered log is never confirmed: asking again says the same.
    expect(verify(d, true).status).toBe(1);

    // Start a new log with the vault: the rewritten one is kept aside, the checkpoints start again.
    const restart = cli(d, ['audit', 'restart', '--yes', '--vault-passphrase-env', 'VP']);
    expect(restart.status, restart.stderr).toBe(0);
    expect(readdirSync(join(d.data, 'audit')).some((f) => f.startsWith('damaged-'))).toBe(true);
    expect(verify(d, true).status).toBe(0);
  });

  it('entries edited after a later checkpoint: the report says from which entry and since which checkpoint', async () => {
    const d = dirs('partly');
    await makeVault(d.data);
    generate(d);
    expect(verify(d, true).status).toBe(0); // checkpoint at #1
    generate(d);
    expect(verify(d, true).status).toBe(0); // checkpoint at #2
    rewriteLog(d, (e) => {
      if (e.seq === 2) e.detail = 'ecdsa (nothing to see)';
    });
    const r = verify(d, true);
    expect(r.status).toBe(1);
    expect(r.out.checkpoint?.tampered).toMatchObject({ firstSeq: 2, lastSeq: 2, since: expect.any(String) });
    expect(r.out.checkpoint?.tampered?.message).toMatch(/still matches the checkpoint of .* \(up to #1\)/);
  });

  it("a backup made with the vault carries its last checkpoint in the manifest", async () => {
    const d = dirs('backup');
    await makeVault(d.data);
    generate(d);
    const out = join(tmp.path, 'backup', 'keys.tar.gz.age');
    const made = runBuiltCli(['backup', 'create', '--out', out, '--passphrase-env', 'BP', '--vault-passphrase-env', 'VP', '--trust-dir', d.trust, '--data-dir', d.data], { ...ENV, BP: 'backup passphrase for the checkpoint test' });
    expect(made.status, made.stderr).toBe(0);
    const opened = await openBackup(out, 'backup passphrase for the checkpoint test');
    expect(opened.manifest?.auditCheckpoint).toMatchObject({ seq: 1, hash: readEntries(d)[0]!.hash, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
  });

  it('a deleted log (and head file): tampered, exit 1', async () => {
    const d = dirs('deleted');
    await makeVault(d.data);
    generate(d);
    expect(verify(d, true).status).toBe(0);
    rmSync(d.log);
    rmSync(d.head);
    expect(verify(d, false).status).toBe(0); // no log, no head: nothing for the chain to check
    const r = verify(d, true);
    expect(r.status).toBe(1);
    expect(r.out.checkpoint?.tampered?.message).toMatch(/audit log is gone, but the vault's checkpoint of .* recorded 1 entries/);
  });

  it('a damaged head: the key operation is refused, naming "start a new log", the log left as it was', async () => {
    const d = dirs('damaged-head');
    generate(d);
    writeFileSync(d.head, '{"seq": "garbage"');
    const log = readFileSync(d.log);
    const keysBefore = readdirSync(join(d.trust, 'private'), { recursive: true }).length;
    const r = cli(d, ['keys', 'generate', '--role', 'snapshot', '--gun', 'example.com/app', '--passphrase-env', 'KP']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/start a new log.*AUDIT_LOG_DAMAGED/);
    expect(readFileSync(d.log).equals(log)).toBe(true);
    expect(readdirSync(join(d.trust, 'private'), { recursive: true }).length).toBe(keysBefore);
    // A damaged last entry (the chain's head) too.
    writeFileSync(d.head, `${JSON.stringify({ seq: 1, hash: readEntries(d)[0]!.hash })}\n`);
    writeFileSync(d.log, `${readFileSync(d.log, 'utf8').slice(0, -20)}\n`);
    const cut = readFileSync(d.log);
    expect(cli(d, ['keys', 'generate', '--role', 'snapshot', '--gun', 'example.com/app', '--passphrase-env', 'KP']).status).toBe(1);
    expect(readFileSync(d.log).equals(cut)).toBe(true);
  });

  it('a failed unlock from the CLI is audited', async () => {
    const d = dirs('failed-unlock');
    await makeVault(d.data);
    const r = cli(d, ['audit', 'verify', '--vault-passphrase-env', 'WRONG']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/VAULT_WRONG_PASSPHRASE/);
    expect(existsSync(d.log)).toBe(true);
    expect(readEntries(d)).toEqual([expect.objectContaining({ action: 'vault.unlocked', result: 'failed', error: 'VAULT_WRONG_PASSPHRASE', actor: expect.objectContaining({ via: 'cli' }) })]);
  });
});
