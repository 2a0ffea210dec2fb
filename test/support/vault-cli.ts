import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** The built CLI, as `npm run cli` and the installed `trust-vault` run it. */
export const BUILT_CLI = join(__dirname, '..', '..', 'dist', 'electron', 'cli.js');

export const builtCliExists = (): boolean => existsSync(BUILT_CLI);

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a whole process with a clean environment (plus the named secrets). */
export function runBuiltCli(args: string[], env: Record<string, string> = {}, cwd?: string): CliRun {
  const r = spawnSync(process.execPath, [BUILT_CLI, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: env.HOME ?? '/nonexistent', ...env },
    encoding: 'utf8',
    cwd,
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}
