import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Wall time of one whole process, stdout read through a pipe (as a script consuming the output would). */
export function timeProcess(command: string, args: string[], env: NodeJS.ProcessEnv): { ms: number; stdout: string } {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return { ms, stdout: r.stdout };
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/**
 * The same, without blocking this process's event loop: needed when this process also reads the output of a server
 * the measured command talks to (a blocked reader stalls the server once its log pipe fills).
 */
export function timeProcessAsync(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr}${stdout}`));
      else resolve({ ms, stdout });
    });
  });
}

/**
 * GNU time (`-f %M`) reports a finished process's peak resident memory from the kernel (wait4's ru_maxrss), the
 * same way for the notary binary and for node. Its own memory is not counted, only the measured process's.
 */
const TIME_BIN = process.env.TIME_BIN ?? '/usr/bin/time';
export const canMeasureMemory = (): boolean => existsSync(TIME_BIN);

const peakOf = (file: string): number => {
  const kb = Number(readFileSync(file, 'utf8').trim().split('\n').pop());
  rmSync(file, { force: true });
  if (!Number.isFinite(kb) || kb <= 0) throw new Error(`${TIME_BIN} reported no peak memory`);
  return kb / 1024;
};

const peakFile = () => join(tmpdir(), `tv-bench-peak-${process.pid}-${randomBytes(4).toString('hex')}`);

/** Peak memory in MiB of one whole process (run separately from the timed runs, so timing has no wrapper). */
export function peakMiB(command: string, args: string[], env: NodeJS.ProcessEnv): number {
  const file = peakFile();
  const r = spawnSync(TIME_BIN, ['-f', '%M', '-o', file, command, ...args], { env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return peakOf(file);
}

/** The same without blocking the event loop (see timeProcessAsync). */
export async function peakMiBAsync(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const file = peakFile();
  await timeProcessAsync(TIME_BIN, ['-f', '%M', '-o', file, command, ...args], env);
  return peakOf(file);
}
