import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { cliDefaultTrustDir } from '../core/trustdir/defaults';
import type { ParsedArgs } from './args';
import { defaultDataDir } from './data-dir';
import { CLI_VERSION } from './version';

/** What every command needs: where the keys are, where the app's data is, and how to talk back. */
export interface CliIo {
  /** Consumes its argument before returning: a Buffer passed in may be reused afterwards (streamed output). */
  stdout: (text: string | Buffer) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Set by the `trust-vault` entry: this process runs this one command, so it may tune process-wide settings. */
  ownProcess?: boolean;
}

export interface CliContext extends CliIo {
  args: ParsedArgs;
  trustDir: string;
  dataDir: string;
  cacheDir: string;
  json: boolean;
  appVersion: string;
}

export function makeContext(args: ParsedArgs, io: CliIo): CliContext {
  const home = io.env.HOME || homedir();
  const trustDir = resolve(io.cwd, args.values['trust-dir'] ?? cliDefaultTrustDir({ home, dockerConfig: io.env.DOCKER_CONFIG }));
  const dataDir = resolve(io.cwd, args.values['data-dir'] ?? defaultDataDir(io.env));
  return { ...io, args, trustDir, dataDir, cacheDir: join(dataDir, 'cache'), json: args.values.json === true, appVersion: CLI_VERSION };
}
