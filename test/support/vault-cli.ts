import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The built CLI, as `npm run cli` and the installed `trust-vault` run it. */
export const BUILT_CLI = join(__dirname, '..', '..', 'dist', 'electron', 'cli.js');

export const builtCliExists = (): boolean => existsSync(BUILT_CLI);

const REPO_ROOT = join(__dirname, '..', '..');

/** The newest modification time of the TypeScript the CLI bundle is built from. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * Builds dist/electron (the CLI and the token worker) when it is missing or older than its sources, so a test of
 * the built CLI never runs yesterday's bundle. `npm test` builds first, so in CI this only checks.
 */
export function ensureBuiltCli(): void {
  const built = builtCliExists() ? statSync(BUILT_CLI).mtimeMs : 0;
  if (built >= Math.max(newestSource(join(REPO_ROOT, 'electron')), newestSource(join(REPO_ROOT, 'shared')))) return;
  execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: REPO_ROOT });
}

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

/** runBuiltCli without blocking this process: for tests whose servers (a token server) run in it. */
export function runBuiltCliAsync(args: string[], env: Record<string, string> = {}, cwd?: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BUILT_CLI, ...args],
      { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: env.HOME ?? '/nonexistent', ...env }, encoding: 'utf8', cwd, timeout: 120_000 },
      (e, stdout, stderr) => resolve({ status: e ? (typeof e.code === 'number' ? e.code : null) : 0, stdout: stdout ?? '', stderr: stderr ?? '' }),
    );
  });
}
