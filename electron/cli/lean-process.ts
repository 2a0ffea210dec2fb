import { setFlagsFromString } from 'node:v8';

/**
 * For a short command whose hot loop is one system call per file (`keys list` over 10,000 keys): stop V8 from
 * spending memory that such a process never earns back. Measured on a warm 10,000-key listing: optimising
 * compilation (TurboFan) costs ~6 MB of peak memory and no time, and letting the young generation grow (it does
 * when the 10,000 file names survive their first scavenge) ~2 MB more. Both flags only steer the compiler's and
 * the garbage collector's tuning, never what the code computes; they are set for this process alone, and only by
 * the CLI (never in the app's long-lived main process, where optimisation pays off).
 */
export function leanProcess(): void {
  setFlagsFromString('--no-opt');
  setFlagsFromString('--semi-space-growth-factor=1');
}

/**
 * For a command whose memory grows with the keys it handles (`backup create|verify|restore` over 100,000 keys,
 * issue 13, point 2): V8 lets its old generation grow to up to 4 times what was live at the last full collection
 * before it collects again, so a process that holds 70 MB of key bookkeeping and makes garbage fast peaked 100 MB
 * above a 1-key backup. A growing factor of 1.25 keeps `backup create` of 99,990 keys within 6 to 19 MB of the
 * 1-key peak (1.5: 23 to 45 MB) for about a tenth more CPU time; `--optimize-for-size` did as well for 40% more.
 * Tuning only, for this process alone.
 */
export function tightHeap(): void {
  setFlagsFromString('--heap-growing-percent=25');
}
