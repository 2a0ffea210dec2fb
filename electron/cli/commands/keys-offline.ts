import { basename } from 'node:path';
import { auditedCli } from '../../core/audit/for-cli';
import { readLedger, verifiedCopiesOf } from '../../core/backup/ledger';
import { bringOnline, DEFAULT_ONLINE_SECONDS, MAX_ONLINE_SECONDS, MIN_ONLINE_SECONDS, takeOffline } from '../../core/vault/offline-keys';
import type { VaultSession } from '../../core/vault/vault-session';
import { allowOnly, secretFromEnv } from '../args';
import { unlockForCommand } from '../unlock';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { checkKeyId } from '../validate';
import { vaultSession } from './vault';

/**
 * `keys offline|online` (issue 7, points 3 and 7). The vault is unlocked for this one command and locked again
 * (its key zero-filled) before the process ends.
 */

function common(ctx: CliContext, command: string, extra: 'force' | 'for'): { id: string; passphrase: string } {
  const v = ctx.args.values;
  allowOnly(ctx.args, command, ['id', 'vault-passphrase-env', extra]);
  if (ctx.args.positionals.length > 2) throw new UsageError(`${command} takes no further arguments`);
  if (v.id?.length !== 1) throw new UsageError(`${command} needs one --id ID`);
  if (!v['vault-passphrase-env']) throw new UsageError(`${command} needs --vault-passphrase-env VAR (the vault's master passphrase)`);
  const id = checkKeyId(v.id[0]!);
  return { id, passphrase: secretFromEnv(ctx.env, 'vault-passphrase-env', v['vault-passphrase-env'])! };
}

async function withUnlocked<T>(ctx: CliContext, passphrase: string, run: (s: VaultSession) => T): Promise<T> {
  const session = vaultSession(ctx); // sweeps keys whose time online is over
  try {
    await unlockForCommand(ctx, session, passphrase);
    return run(session);
  } finally {
    session.lock('manual');
    session.dispose();
  }
}

export async function keysOffline(ctx: CliContext): Promise<number> {
  const { id, passphrase } = common(ctx, 'keys offline', 'force');
  const insist = ctx.args.values.force === true;
  // Other copies the CLI can see: backups in the ledger whose last read-back verified. Token copies need a PKCS#11
  // module and a PIN the CLI is not given here, so they are not counted; the app checks tokens too. --force insists.
  const otherCopies = [...new Set(verifiedCopiesOf(readLedger(ctx.dataDir), id).map((c) => `${c.location} (${basename(c.file)})`))];
  const out = await auditedCli(
    ctx,
    { action: 'key.offline', keyIds: [id], detail: otherCopies.length ? `other copies: ${otherCopies.length}` : insist ? 'only copy, insisted' : null },
    () => withUnlocked(ctx, passphrase, (s) => takeOffline(s, ctx.trustDir, id, { insist, otherCopies })),
    (r) => {
      const k = r.status.offlineKeys.find((x) => x.keyId === id);
      return k ? { role: k.role, gun: k.gun } : undefined;
    },
  );
  const where = out.otherCopies.length ? `other copies: ${out.otherCopies.join(', ')}` : 'no other copy is known; insisted with --force';
  ctx.stdout(ctx.json ? `${JSON.stringify(out)}\n` : `Took ${id} offline: it is now only in the vault (${where})\n`);
  return 0;
}

function forSeconds(value: string | undefined): number {
  if (value === undefined) return DEFAULT_ONLINE_SECONDS;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < MIN_ONLINE_SECONDS || n > MAX_ONLINE_SECONDS) {
    throw new UsageError(`--for ${value}: a whole number of seconds from ${MIN_ONLINE_SECONDS} to ${MAX_ONLINE_SECONDS}`);
  }
  return n;
}

export async function keysOnline(ctx: CliContext): Promise<number> {
  const { id, passphrase } = common(ctx, 'keys online', 'for');
  const seconds = forSeconds(ctx.args.values.for);
  const out = await auditedCli(
    ctx,
    { action: 'key.online', keyIds: [id], detail: `for ${seconds} s` },
    () => withUnlocked(ctx, passphrase, (s) => bringOnline(s, ctx.trustDir, id, { forSeconds: seconds })),
    (r) => {
      const k = r.status.offlineKeys.find((x) => x.keyId === id);
      return k ? { role: k.role, gun: k.gun } : undefined;
    },
  );
  ctx.stdout(ctx.json ? `${JSON.stringify(out)}\n` : `Brought ${id} online at ${out.path} until ${out.until}; any trust-vault keys or vault command after that removes it again\n`);
  return 0;
}

