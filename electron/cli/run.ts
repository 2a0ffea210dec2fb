import { isVaultError } from '../core/errors';
import { sweepExpired } from '../core/vault/sweep';
import { cliTrustDirs } from './trust-dirs';
import { parseCliArgs } from './args';
import { keysList } from './commands/keys-list';
import { type CliContext, type CliIo, makeContext } from './context';
import { USAGE } from './usage';
import { UsageError } from './usage-error';

/** Commands other than list load on demand, so `keys list` starts without zod or the key-writing code. */
const COMMANDS: Record<string, (ctx: CliContext) => number | Promise<number>> = {
  list: keysList,
  generate: async (ctx) => (await import('./commands/keys-generate')).keysGenerate(ctx),
  import: async (ctx) => (await import('./commands/keys-import')).keysImport(ctx),
  export: async (ctx) => (await import('./commands/keys-export')).keysExport(ctx),
  passwd: async (ctx) => (await import('./commands/keys-passwd')).keysPasswd(ctx),
  remove: async (ctx) => (await import('./commands/keys-remove')).keysRemove(ctx),
  offline: async (ctx) => (await import('./commands/keys-offline')).keysOffline(ctx),
  online: async (ctx) => (await import('./commands/keys-offline')).keysOnline(ctx),
};

/** `status` is a top-level command (issue 3); it loads on demand like the key commands. */
const statusCommand = async (ctx: CliContext) => (await import('./commands/status')).status(ctx);
const trustCommand = async (ctx: CliContext) => (await import('./commands/trust-reset')).trustReset(ctx);
const backupCommand = async (ctx: CliContext) => (await import('./commands/backup')).backup(ctx);
const drivesCommand = async (ctx: CliContext) => (await import('./commands/drives-command')).drives(ctx);
const tokenCommand = async (ctx: CliContext) => (await import('./commands/token')).token(ctx);
const recoverCommand = async (ctx: CliContext) => (await import('./commands/recover')).recoverCommand(ctx);
const repoCommand = async (ctx: CliContext) => (await import('./commands/repo')).repo(ctx);
const vaultCommand = async (ctx: CliContext) => (await import('./commands/vault')).vault(ctx);
const auditCommand = async (ctx: CliContext) => (await import('./commands/audit')).audit(ctx);

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
};

/** Runs one command and returns the exit status: 0 done, 1 the operation failed, 2 bad usage. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    const args = parseCliArgs(argv);
    const [group, name] = args.positionals;
    if (args.values.help || group === 'help' || argv.length === 0) {
      (argv.length === 0 ? io.stderr : io.stdout)(USAGE);
      return argv.length === 0 ? 2 : 0;
    }
    const command = group === 'keys' ? (name ? COMMANDS[name] : undefined) : group ? TOP_LEVEL[group] : undefined;
    if (!command) throw new UsageError(`unknown command: ${args.positionals.slice(0, 2).join(' ') || '(none)'}`);
    const ctx = makeContext(args, io);
    // A key brought online for a while goes offline again once its time is over: any later keys or vault command
    // puts it away (the app does it with a timer).
    if (group === 'keys' || group === 'vault') sweepExpired(ctx.dataDir, new Date(), cliTrustDirs(ctx));
    return await command(ctx);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`trust-vault: ${e.message}\nRun trust-vault --help for usage.\n`);
      return 2;
    }
    if (isVaultError(e)) {
      io.stderr(`trust-vault: ${e.message.replace(/\s*\n\s*/g, ' ')} (${e.code})\n`);
      return 1;
    }
    io.stderr(`trust-vault: internal error: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
    return 1;
  }
}
