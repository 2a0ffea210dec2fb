import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';

export const AGE_BIN = process.env.AGE_BIN ?? '/usr/bin/age';

export interface PassphraseRunOptions {
  cwd?: string;
  timeoutMs?: number;
  /** age asks twice when encrypting ("Confirm passphrase"); answer that prompt too. */
  confirm?: boolean;
}

export interface PassphraseRunResult {
  /** Everything the command wrote to the terminal (prompts and errors; data goes through files or pipes). */
  terminal: string;
}

const PROMPTS = [/Enter passphrase/g, /Confirm passphrase/g];

/** Quotes one argument for /bin/sh. */
export const shellQuote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * Runs a shell command under a pseudo-terminal made by `script`, typing the passphrase when age prompts for it:
 * age reads passphrases only from /dev/tty, never from stdin or the environment. Rejects with the terminal output
 * when the command fails, and always ends: on timeout the whole process group is killed (closing the pty also
 * hangs up the command inside it).
 */
export function runWithPassphrase(shellCommand: string, passphrase: string, options: PassphraseRunOptions = {}): Promise<PassphraseRunResult> {
  const { cwd, timeoutMs = 60_000, confirm = false } = options;
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', shellCommand, '/dev/null'], {
      cwd,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, SHELL: '/bin/sh', TERM: 'dumb' },
    });
    let terminal = '';
    let answered = 0;
    const wanted = confirm ? 2 : 1;
    let settled = false;

    const killGroup = () => {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const finish = (error: Error | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdin.destroy();
      // Should the terminal echo what was typed before age turned echo off, keep it out of test reports.
      if (error) reject(passphrase ? new Error(error.message.split(passphrase).join('***')) : error);
      else resolve({ terminal });
    };
    const timer = setTimeout(() => {
      killGroup();
      finish(new Error(`timed out after ${timeoutMs} ms: ${shellCommand}\n${terminal}`));
    }, timeoutMs);

    const onOutput = (data: Buffer) => {
      terminal += data.toString('utf8');
      const promptsSeen = PROMPTS.slice(0, wanted).reduce((n, p) => n + (terminal.match(p)?.length ?? 0), 0);
      while (answered < Math.min(promptsSeen, wanted)) {
        answered++;
        // Enter, as typed on a terminal; the line discipline turns it into the newline age waits for.
        child.stdin.write(`${passphrase}\r`);
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => finish(e));
    child.on('close', (code, signal) => {
      if (code === 0) finish(null);
      else finish(new Error(errorLines(terminal) || `${shellCommand} failed (${signal ?? code})`));
    });
  });
}

/** The CLI's own message ("age: error: incorrect passphrase"), without the prompts. */
function errorLines(terminal: string): string {
  return terminal
    .split(/\r?\n/)
    // eslint-disable-next-line no-control-regex -- age redraws its prompt lines with ANSI escapes
    .map((l) => l.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').replace(/\r/g, '').trim())
    .filter((l) => l !== '' && !/^(Enter|Confirm) passphrase/.test(l))
    .join('\n');
}

export async function ageCliEncrypt(inFile: string, outFile: string, passphrase: string, options: PassphraseRunOptions = {}): Promise<void> {
  await runWithPassphrase(`${AGE_BIN} -p -o ${shellQuote(outFile)} ${shellQuote(inFile)}`, passphrase, { ...options, confirm: true });
}

/** age opens `-o` only on its first write, so an empty plaintext leaves no file; this makes the empty file. */
export async function ageCliDecrypt(inFile: string, outFile: string, passphrase: string, options: PassphraseRunOptions = {}): Promise<void> {
  await runWithPassphrase(`${AGE_BIN} -d -o ${shellQuote(outFile)} ${shellQuote(inFile)}`, passphrase, { ...options, confirm: false });
  if (!existsSync(outFile)) writeFileSync(outFile, '');
}
