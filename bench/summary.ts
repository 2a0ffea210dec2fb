import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';

/**
 * The table `npm run bench` ends with: one row per target of issue 17 (and the earlier ones), each a figure
 * against its reference measured in the same run, with the machine's load, since a shared machine moves every
 * figure. A row whose benchmark did not run says so instead of passing.
 */
export interface SummaryRow {
  measure: string;
  reference: string;
  /** The figure as printed, e.g. "0.42x wall, 1.9x memory (212 ms, 45 MiB vs 505 ms, 24 MiB)". */
  result: string;
  target: string;
  pass: boolean | null;
}

const rows: SummaryRow[] = [];

export const addSummaryRow = (row: SummaryRow): void => void rows.push(row);

/** A row for a benchmark that could not run, keeping its place in the table. */
export const missingRow = (measure: string, reference: string, target: string, why: string): SummaryRow => ({
  measure,
  reference,
  result: `not measured: ${why}`,
  target,
  pass: null,
});

const load = (): string => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${loadavg().map((l) => l.toFixed(2)).join(', ')}`;
  }
};

export function printSummary(): boolean {
  const head: SummaryRow = { measure: 'measure', reference: 'reference', result: 'result', target: 'target', pass: null };
  const cells = (r: SummaryRow) => [r.measure, r.reference, r.result, r.target, r === head ? 'verdict' : r.pass === null ? '-' : r.pass ? 'PASS' : 'FAIL'];
  const all = [head, ...rows].map(cells);
  const widths = all[0]!.map((_, i) => Math.max(...all.map((c) => c[i]!.length)));
  console.log(`\nSummary (${load()}):`);
  all.forEach((c, n) => {
    console.log(`| ${c.map((x, i) => x.padEnd(widths[i]!)).join(' | ')} |`);
    if (n === 0) console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  });
  return rows.every((r) => r.pass !== false);
}
