import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isVaultError } from '../core/errors';
import { noSpaceOn } from '../core/fs/device-of';
import { hostEnvironment } from '../core/process/test-hooks';
import { parseCliArgs } from './args';
import { type CliContext, type CliIo, makeContext } from './context';
import { checkDirOptions } from './check-dirs';
import { USAGE } from './usage';
import { CLI_PACKAGED } from './version';
import { UsageError } from './usage-error';

/**
 * Every command loads on demand, and each import() here is built as its own bundle (scripts/cli-chunks.mjs), so a
 * process parses only the command it runs: add a command as one more such line.
 */
const COMMANDS: Record<string, (ctx: CliContext) => number | Promise<number>> = {
  list: async (ctx) => (await import('./commands/keys-list')).keysList(ctx),
  generate: async (ctx) => (await import('./commands/keys-generate')).keysGenerate(ctx),
  import: async (ctx) => (await import('./commands/keys-import')).keysImport(ctx),
  export: async (ctx) => (await import('./commands/keys-export')).keysExport(ctx),
  passwd: async (ctx) => (await import('./commands/keys-passwd')).keysPasswd(ctx),
  remove: async (ctx) => (await import('./commands/keys-remove')).keysRemove(ctx),
  offline: async (ctx) => (await import('./commands/keys-offline')).keysOffline(ctx),
  online: async (ctx) => (await import('./commands/keys-offline')).keysOnline(ctx),
  leftovers: async (ctx) => (await import('./commands/keys-leftovers')).keysLeftovers(ctx),
};

/** `status` is a top-level command (issue 3); it loads on demand like the key commands. */
const statusCommand = async (ctx: CliContext) => (await import('./commands/status')).status(ctx);
const trustCommand = async (ctx: CliContext) => (await import('./commands/trust-reset')).trustReset(ctx);
const backupCommand = async (ctx: CliContext) => (await import('./commands/backup')).backup(ctx);
const drivesCommand = async (ctx: CliContext) => (await import('./commands/drives-command')).drives(ctx);
const tokenCommand = async (ctx: CliContext) => (await import('./commands/token')).token(ctx);
const recoverCommand = async (ctx: CliContext) => (await import('./commands/recover')).recoverCommand(ctx);
// `repo rotate` is its own bundle: the publisher command users wait on most loads nothing of init, resign or lookups.
const repoCommand = async (ctx: CliContext) =>
  ctx.args.positionals[1] === 'rotate' ? (await import('./commands/repo-rotate')).repoRotate(ctx) : (await import('./commands/repo')).repo(ctx);
const vaultCommand = async (ctx: CliContext) => (await import('./commands/vault')).vault(ctx);
const auditCommand = async (ctx: CliContext) => (await import('./commands/audit')).audit(ctx);
const migrateCommand = async (ctx: CliContext) => (await import('./commands/migrate')).migrate(ctx);
const tagCommand = async (ctx: CliContext) => (await import('./commands/tag')).tag(ctx);

const TOP_LEVEL: Record<string, (ctx: CliContext) => number | Promise<number>> = {
  status: statusCommand,
  trust: trustCommand,
  backup: backupCommand,
  drives: drivesCommand,
  token: tokenCommand,
  recover: recoverCommand,
  repo: repoCommand,
  vault: vaultCommand,
  audit: auditCommand,
  migrate: migrateCommand,
  tag: tagCommand,
};

/** Runs one command and returns the exit status: 0 done, 1 the operation failed, 2 bad usage. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    // Plain --help answers before the options are even parsed: it is the one command that must feel instant.
    if (argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help')) {
      io.stdout(USAGE);
      return 0;
    }
    const args = parseCliArgs(argv);
    const [group, name] = args.positionals;
    if (args.values.help || group === 'help' || argv.length === 0) {
      (argv.length === 0 ? io.stderr : io.stdout)(USAGE);
      return argv.length === 0 ? 2 : 0;
    }
    const command = group === 'keys' ? (name ? COMMANDS[name] : undefined) : group ? TOP_LEVEL[group] : undefined;
    if (!command) throw new UsageError(`unknown command: ${args.positionals.slice(0, 2).join(' ') || '(none)'}`);
    // A release build ignores test hooks (TRUST_VAULT_*): every command reads the environment through ctx.env.
    const ctx = makeContext(args, { ...io, env: hostEnvironment(io.env, CLI_PACKAGED) });
    checkDirOptions(ctx);
    // A key brought online for a while goes offline again once its time is over: any later keys or vault command
    // puts it away (the app does it with a timer).
    // Without a vault folder there is nothing to sweep, and the vault's code is not even loaded.
    if ((group === 'keys' || group === 'vault') && existsSync(join(ctx.dataDir, 'vault'))) {
      (await import('./sweep-on-command')).sweepOnCommand(ctx);
    }
    // A publish whose answer was lost (reset, timeout, kill) is settled before anything else looks at keys.
    // Loaded only when a change is pending: `--help`, `keys list` and the entry stay small (issue 17).
    if (hasPendingRecords(ctx.dataDir)) {
      const pending = await import('./pending-on-command');
      if (pending.settlesPending(group, name)) await pending.settlePendingChanges(ctx);
    }
    return await command(ctx);
  } catch (e) {
    // By name: a command's bundle has its own copy of the class (scripts/cli-chunks.mjs).
    if (e instanceof UsageError || (e instanceof Error && e.name === 'UsageError')) {
      io.stderr(`trust-vault: ${e.message}\nRun trust-vault --help for usage.\n`);
      return 2;
    }
    if (isVaultError(e)) {
      io.stderr(`trust-vault: ${e.message.replace(/\s*\n\s*/g, ' ')} (${e.code})\n`);
      return 1;
    }
    // A full disk hit outside the wrapped writes is still named for what it is, never an "internal error".
    const errno = e as NodeJS.ErrnoException;
    if (errno?.code === 'ENOSPC') {
      io.stderr(`trust-vault: ${noSpaceOn(errno.path ?? '.')}${errno.path ? ` while writing ${errno.path}` : ''}; files already in place were left as they were (IO_ERROR)\n`);
      return 1;
    }
    io.stderr(`trust-vault: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    return 1;
  }
}

/** Whether any pending-change record is there (core/pending/pending-store.ts keeps them in `pending-changes/`). */
function hasPendingRecords(dataDir: string): boolean {
  try {
    return readdirSync(join(dataDir, 'pending-changes')).some((n) => n.endsWith('.json'));
  } catch {
    return false;
  }
}
