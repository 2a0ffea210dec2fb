import { spawnSync } from 'node:child_process';

export const NOTARY_BIN = process.env.NOTARY_BIN ?? '/usr/bin/notary';

export interface NotaryResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real notary CLI on a trust dir with HOME pointed at a temporary folder, so it never reads or writes
 * the real ~/.notary. Passphrases go in through notary's own environment variables.
 */
export function runNotary(
  trustDir: string,
  home: string,
  args: string[],
  env: Record<string, string> = {},
  input?: string,
): NotaryResult {
  const r = spawnSync(NOTARY_BIN, ['-d', trustDir, ...args], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ...env },
    encoding: 'utf8',
    input: input ?? '',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

export function notaryOk(trustDir: string, home: string, args: string[], env: Record<string, string> = {}): string {
  const r = runNotary(trustDir, home, args, env);
  if (r.status !== 0) throw new Error(`notary ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
  return r.stdout;
}

export interface NotaryListedKey {
  role: string;
  gun: string;
  id: string;
  location: string;
}

/** Parses `notary key list`'s table: ROLE GUN KEY-ID LOCATION, columns aligned by the header. */
export function parseNotaryKeyList(stdout: string): NotaryListedKey[] {
  const lines = stdout.split('\n');
  const headerAt = lines.findIndex((l) => l.startsWith('ROLE'));
  if (headerAt < 0) return [];
  const header = lines[headerAt]!;
  const cols = ['ROLE', 'GUN', 'KEY ID', 'LOCATION'].map((c) => header.indexOf(c));
  const cut = (l: string, i: number) => l.slice(cols[i], i + 1 < cols.length ? cols[i + 1] : undefined).trim();
  return lines
    .slice(headerAt + 2)
    .filter((l) => l.trim() !== '')
    .map((l) => ({ role: cut(l, 0), gun: cut(l, 1), id: cut(l, 2), location: cut(l, 3) }));
}

/** `notary list GUN` output as rows: tag -> digest (hex), size, role. */
export function notaryListRows(out: string): Map<string, { digest: string; size: number; role: string }> {
  const m = new Map<string, { digest: string; size: number; role: string }>();
  for (const line of out.split('\n')) {
    const r = /^\s*(\S+)\s+([0-9a-f]{64})\s+(\d+)\s+(\S+)\s*$/.exec(line);
    if (r) m.set(r[1]!, { digest: r[2]!, size: Number(r[3]), role: r[4]! });
  }
  return m;
}
