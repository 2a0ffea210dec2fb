import { parseArgs } from 'node:util';
import { UsageError } from './usage-error';

/** Every option any command takes; each command then checks it got only what it understands. */
const OPTIONS = {
  'trust-dir': { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  role: { type: 'string' },
  gun: { type: 'string' },
  algorithm: { type: 'string' },
  'rsa-bits': { type: 'string' },
  name: { type: 'string' },
  dir: { type: 'string' },
  id: { type: 'string', multiple: true },
  out: { type: 'string' },
  public: { type: 'boolean' },
  yes: { type: 'boolean' },
  'passphrase-env': { type: 'string' },
  'new-passphrase-env': { type: 'string' },
  server: { type: 'string' },
  ca: { type: 'string' },
  'user-env': { type: 'string' },
  'password-env': { type: 'string' },
  'token-env': { type: 'string' },
  keys: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'no-pinned-roots': { type: 'boolean' },
  module: { type: 'string' },
  token: { type: 'string' },
  'pin-env': { type: 'string' },
  'on-device': { type: 'boolean' },
  snapshot: { type: 'string' },
  'server-managed': { type: 'boolean' },
  'root-passphrase-env': { type: 'string' },
  'targets-passphrase-env': { type: 'string' },
  'snapshot-passphrase-env': { type: 'string' },
  'delegation-passphrase-env': { type: 'string' },
  key: { type: 'string' },
  'within-days': { type: 'string' },
  'vault-passphrase-env': { type: 'string' },
  force: { type: 'boolean' },
  for: { type: 'string' },
  'unlock-seconds': { type: 'string' },
  action: { type: 'string', multiple: true },
  since: { type: 'string' },
  until: { type: 'string' },
  result: { type: 'string' },
  promote: { type: 'boolean' },
  remove: { type: 'boolean' },
  'pin-root-id': { type: 'string', multiple: true },
  'pin-ca': { type: 'string' },
  'pinned-roots': { type: 'string' },
  to: { type: 'string' },
  'key-id': { type: 'string' },
  'new-key': { type: 'boolean' },
  image: { type: 'string' },
  subject: { type: 'string' },
  'valid-days': { type: 'string' },
  'legacy-label': { type: 'boolean' },
  inventory: { type: 'string' },
  archive: { type: 'string' },
  'include-archive': { type: 'string', multiple: true },
  'archives-to': { type: 'string' },
  'allow-weaker-kdf': { type: 'boolean' },
  'insecure-http': { type: 'boolean' },
  tighten: { type: 'boolean' },
  'registry-ca': { type: 'string' },
  'insecure-registry': { type: 'boolean' },
  'registry-user-env': { type: 'string' },
  'registry-password-env': { type: 'string' },
} as const;

export type OptionName = keyof typeof OPTIONS;

export interface ParsedArgs {
  positionals: string[];
  values: {
    [K in OptionName]?: (typeof OPTIONS)[K] extends { type: 'boolean' }
      ? boolean
      : (typeof OPTIONS)[K] extends { multiple: true }
        ? string[]
        : string;
  };
}

export function parseCliArgs(argv: string[]): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
}

const GLOBAL: OptionName[] = ['trust-dir', 'data-dir', 'json', 'help'];

/** The variables the `--*-env` options name: they hold secrets, so no child process ever gets them. */
export function secretEnvNames(args: ParsedArgs): string[] {
  return Object.entries(args.values)
    .filter(([k, v]) => k.endsWith('-env') && typeof v === 'string')
    .map(([, v]) => v as string);
}

/** Refuses options the command does not take, so a typo never silently does something else. */
export function allowOnly(args: ParsedArgs, command: string, allowed: OptionName[]): void {
  for (const k of Object.keys(args.values) as OptionName[]) {
    if (!GLOBAL.includes(k) && !allowed.includes(k)) throw new UsageError(`${command} does not take --${k}`);
  }
}

/** A secret named by --passphrase-env VAR: read from that variable, never from argv. */
export function secretFromEnv(env: NodeJS.ProcessEnv, option: string, variable: string | undefined): string | undefined {
  if (variable === undefined) return undefined;
  const value = env[variable];
  if (value === undefined) throw new UsageError(`--${option} names ${variable}, but that environment variable is not set`);
  return value;
}
