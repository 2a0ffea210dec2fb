import type { ProgressEvent } from '../../../../shared/dto/backups';

/** Progress of one long operation as the UI keeps it: the latest event of each phase (and drive), in arrival order. */
export interface JobProgress {
  jobId: string | null;
  /** Keyed by progressKey(); insertion order is the order phases started. */
  entries: Record<string, ProgressEvent>;
}

export const NO_JOB: JobProgress = { jobId: null, entries: {} };

export const progressKey = (e: Pick<ProgressEvent, 'phase' | 'target'>): string => `${e.phase}:${e.target ?? ''}`;

/** Keeps the event when it belongs to the job being watched; events of other jobs (or none) are ignored. */
export function applyProgress(progress: JobProgress, event: ProgressEvent): JobProgress {
  if (!progress.jobId || event.jobId !== progress.jobId) return progress;
  return { ...progress, entries: { ...progress.entries, [progressKey(event)]: event } };
}

/** 0 to 100, whole numbers; 0 while the total is unknown, 100 once done reaches the total. */
export function percent(done: number, total: number): number {
  if (!(total > 0) || !(done > 0)) return 0;
  return Math.min(100, Math.max(0, Math.round((done / total) * 100)));
}

const PHASE_LABEL: Record<ProgressEvent['phase'], (target?: string) => string> = {
  packing: () => 'Packing the keys',
  encrypting: () => 'Encrypting',
  writing: (t) => (t ? `Writing to ${t}` : 'Writing'),
  verifying: (t) => (t ? `Reading back ${t}` : 'Reading back and checking'),
  reading: (t) => (t ? `Reading ${t}` : 'Reading the backup'),
};

export interface ProgressRow {
  key: string;
  phase: ProgressEvent['phase'];
  label: string;
  percent: number;
  done: number;
  total: number;
}

/** The bars to show for a job, in the order its phases started. */
export function progressRows(progress: JobProgress): ProgressRow[] {
  return Object.entries(progress.entries).map(([key, e]) => ({
    key,
    phase: e.phase,
    label: PHASE_LABEL[e.phase](e.target),
    percent: percent(e.done, e.total),
    done: e.done,
    total: e.total,
  }));
}

/** Whether the job has reached reading its copies back (the wizard's "verify" step). */
export const isVerifying = (progress: JobProgress): boolean => Object.values(progress.entries).some((e) => e.phase === 'verifying');

/** A job ID the contract accepts (opaque: letters, digits, - and _), random so two jobs never share one. */
export function newJobId(random: (bytes: Uint8Array) => Uint8Array = (b) => crypto.getRandomValues(b)): string {
  const bytes = random(new Uint8Array(12));
  return `job-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
