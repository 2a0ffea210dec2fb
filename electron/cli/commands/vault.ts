import type { VaultStatus } from '../../../shared/dto/vault';
import { auditedCli } from '../../core/audit/for-cli';
import { systemClock } from '../../core/ports';
import { MAX_UNLOCK_SECONDS, MIN_UNLOCK_SECONDS, VaultSession } from '../../core/vault/vault-session';
import { allowOnly, secretFromEnv } from '../args';
import { unlockForCommand } from '../unlock';
import type { CliContext } from '../context';
import { cliTrustDirs } from '../trust-dirs';
import { UsageError } from '../usage-error';
import { checkKeyId } from '../validate';
import { savePassphraseChecked } from '../../core/vault/offline-keys';
import { listQuarantine, quarantineDir, restoreQuarantined } from '../../core/vault/quarantine';
import { findLooseFolders } from '../../core/fs/loose-folders';
import { warnLooseFolders } from '../loose-folders-warning';

/**
 * `vault init|status|passwd` (issue 7, point 7). Each command is one VaultSession over the app's data folder; making it
 * first takes keys whose time online is over back out of the trust dir (the sweep).
 */

export function statusText(s: VaultStatus): string {
  if (!s.exists) return `No vault yet (${s.file}). Create one with: trust-vault vault init --passphrase-env VAR\n`;
  const kdf = s.kdf
    ? `Argon2id, ${s.kdf.memoryKiB / 1024} MiB, ${s.kdf.iterations} iterations, ${s.kdf.parallelism} lanes: about ${s.kdf.measuredMs} ms to unlock (target ${s.kdf.targetMs} ms)`
    : 'the file is damaged or unreadable (unlocking it says what is wrong)';
  const lines = [`Vault ${s.file}`, `  ${kdf}`, `  auto-lock after ${s.autoLockMinutes ? `${s.autoLockMinutes} minutes idle` : 'never'}`];
  lines.push(s.offlineKeys.length ? `  offline keys:` : '  no offline keys');
  for (const k of s.offlineKeys) {
    lines.push(`    ${k.keyId}  ${(k.role ?? '?').padEnd(10)} ${k.gun ?? ''}${k.onlineUntil ? `  ONLINE until ${k.onlineUntil}` : '  offline, in the vault'}`);
  }
  return `${lines.join('\n')}\n`;
}

export const vaultSession = (ctx: CliContext): VaultSession => new VaultSession({ dataDir: ctx.dataDir, clock: systemClock, trustDirs: () => cliTrustDirs(ctx) });

function unlockSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < MIN_UNLOCK_SECONDS || n > MAX_UNLOCK_SECONDS) {
    throw new UsageError(`--unlock-seconds ${value}: a number of seconds from ${MIN_UNLOCK_SECONDS} to ${MAX_UNLOCK_SECONDS}`);
  }
  return n;
}

async function init(ctx: CliContext): Promise<number> {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'vault init', ['passphrase-env', 'unlock-seconds']);
  if (!v['passphrase-env']) throw new UsageError('vault init needs --passphrase-env VAR (the vault master passphrase)');
  const seconds = unlockSeconds(v['unlock-seconds']);
  const passphrase = secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env'])!;
  const session = vaultSession(ctx);
  try {
    const status = await auditedCli(ctx, { action: 'vault.created' }, () => session.create(passphrase, seconds === undefined ? {} : { unlockSeconds: seconds }));
    ctx.stdout(ctx.json ? `${JSON.stringify(status)}\n` : `Created the vault.\n${statusText(status)}`);
    return 0;
  } finally {
    session.lock('manual');
    session.dispose();
  }
}

/** `vault passwd`: re-encrypts the vault under a new master passphrase (new salt; calibrated to S, else the current target). */
async function passwd(ctx: CliContext): Promise<number> {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'vault passwd', ['passphrase-env', 'new-passphrase-env', 'unlock-seconds', 'allow-weaker-kdf']);
  if (!v['passphrase-env'] || !v['new-passphrase-env']) throw new UsageError('vault passwd needs --passphrase-env OLD and --new-passphrase-env NEW (the current and the new master passphrase)');
  const seconds = unlockSeconds(v['unlock-seconds']);
  const passphrase = secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env'])!;
  const newPassphrase = secretFromEnv(ctx.env, 'new-passphrase-env', v['new-passphrase-env'])!;
  const session = vaultSession(ctx);
  try {
    const status = await auditedCli(ctx, { action: 'vault.master-passphrase-changed' }, () =>
      session.changePassphrase(passphrase, newPassphrase, seconds, { allowWeaker: v['allow-weaker-kdf'] === true }),
    );
    ctx.stdout(ctx.json ? `${JSON.stringify(status)}\n` : `Changed the vault's master passphrase; the old one no longer opens it.\n${statusText(status)}`);
    return 0;
  } finally {
    session.lock('manual');
    session.dispose();
  }
}

function status(ctx: CliContext): number {
  allowOnly(ctx.args, 'vault status', ['tighten']);
  // The vault lives in the data dir: a loose one is said here too, in the JSON as looseFolders (issue 12, point 8).
  warnLooseFolders(ctx);
  const looseFolders = findLooseFolders({ trustDir: ctx.trustDir, dataDir: ctx.dataDir });
  const session = vaultSession(ctx);
  try {
    const s = session.status();
    ctx.stdout(ctx.json ? `${JSON.stringify({ ...s, looseFolders })}\n` : statusText(s) + looseFolders.map((l) => `  ! ${l.message}\n`).join(''));
    return 0;
  } finally {
    session.dispose();
  }
}

/**
 * `vault remember --id ID --passphrase-env VAR` saves a key's passphrase (once it is shown to open the key) and
 * `vault forget --id ID` drops it; both unlock the vault with --vault-passphrase-env for this one command.
 */
async function savedPassphrase(ctx: CliContext, sub: 'remember' | 'forget'): Promise<number> {
  const v = ctx.args.values;
  allowOnly(ctx.args, `vault ${sub}`, sub === 'remember' ? ['id', 'passphrase-env', 'vault-passphrase-env'] : ['id', 'vault-passphrase-env']);
  if (v.id?.length !== 1) throw new UsageError(`vault ${sub} needs one --id ID`);
  if (!v['vault-passphrase-env']) throw new UsageError(`vault ${sub} needs --vault-passphrase-env VAR (the vault's master passphrase)`);
  if (sub === 'remember' && !v['passphrase-env']) throw new UsageError('vault remember needs --passphrase-env VAR (the key\'s passphrase)');
  const id = checkKeyId(v.id[0]!);
  const master = secretFromEnv(ctx.env, 'vault-passphrase-env', v['vault-passphrase-env'])!;
  const keyPassphrase = sub === 'remember' ? secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env'])! : '';
  const session = vaultSession(ctx);
  try {
    await unlockForCommand(ctx, session, master);
    const status = await auditedCli(ctx, { action: sub === 'remember' ? 'vault.passphrase-saved' : 'vault.passphrase-forgotten', keyIds: [id] }, () =>
      sub === 'remember' ? savePassphraseChecked(session, ctx.trustDir, id, keyPassphrase) : session.forgetPassphrase(id),
    );
    ctx.stdout(ctx.json ? `${JSON.stringify(status)}\n` : sub === 'remember' ? `Saved the passphrase of ${id} in the vault\n` : `The vault no longer holds a passphrase for ${id}\n`);
    return 0;
  } finally {
    session.lock('manual');
    session.dispose();
  }
}

/**
 * `vault quarantine [list]` and `vault quarantine restore NAME` (issue 12, point 2): key files a locked vault moved
 * aside instead of deleting them, and putting one back at <its trust dir>/private/<id>.key (never over a file).
 */
async function quarantine(ctx: CliContext, rest: string[]): Promise<number> {
  allowOnly(ctx.args, 'vault quarantine', []);
  const [action = 'list', name, ...more] = rest;
  if (more.length > 0 || (action === 'list' && name !== undefined)) throw new UsageError(`vault quarantine ${action} takes ${action === 'list' ? 'no' : 'one'} argument`);
  const dirs = cliTrustDirs(ctx);
  if (action === 'restore') {
    if (!name) throw new UsageError('vault quarantine restore needs the NAME that vault quarantine lists');
    const path = await auditedCli(ctx, { action: 'key.quarantine-restored', keyIds: [name.split('-')[1] ?? ''].filter((id) => /^[0-9a-f]{64}$/.test(id)) }, () => restoreQuarantined(ctx.dataDir, name, dirs));
    ctx.stdout(ctx.json ? `${JSON.stringify({ restored: path, quarantine: listQuarantine(ctx.dataDir, dirs) })}\n` : `Put ${name} back as ${path}\n`);
    return 0;
  }
  if (action !== 'list') throw new UsageError(`unknown command: vault quarantine ${action}; use vault quarantine [list] or vault quarantine restore NAME`);
  const items = listQuarantine(ctx.dataDir, dirs);
  if (ctx.json) ctx.stdout(`${JSON.stringify(items)}\n`);
  else if (items.length === 0) ctx.stdout('The quarantine is empty\n');
  else {
    const lines = items.map((q) => `${q.name}\n    key ${q.keyId}, moved ${q.movedAt ?? '?'} from ${q.from ?? '?'}${q.reason ? ` (${q.reason})` : ''}\n    restores to ${q.restoreTo ?? '(its trust folder is not known: pass --trust-dir)'}`);
    ctx.stdout(`Key files a locked vault moved aside (${quarantineDir(ctx.dataDir)}):\n${lines.join('\n')}\nPut one back with: trust-vault vault quarantine restore NAME\n`);
  }
  return 0;
}

export async function vault(ctx: CliContext): Promise<number> {
  const [, sub, ...rest] = ctx.args.positionals;
  if (sub === 'quarantine') return quarantine(ctx, rest);
  if (rest.length > 0) throw new UsageError(`vault ${sub} takes no further arguments (got ${rest.join(' ')})`);
  if (sub === 'init') return init(ctx);
  if (sub === 'status') return status(ctx);
  if (sub === 'passwd') return passwd(ctx);
  if (sub === 'remember' || sub === 'forget') return savedPassphrase(ctx, sub);
  throw new UsageError(sub ? `unknown command: vault ${sub}` : 'vault needs a command: init, status, passwd, remember, forget or quarantine');
}
