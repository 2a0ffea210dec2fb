import { describe, expect, it } from 'vitest';
import { applyProgress, isVerifying, newJobId, NO_JOB, percent, progressRows, type JobProgress } from './progress';

describe('backup progress', () => {
  it('keeps only the watched job, the latest event per phase and drive, in the order phases started', () => {
    let p: JobProgress = { jobId: 'job-1', entries: {} };
    p = applyProgress(p, { jobId: 'job-1', phase: 'packing', done: 1, total: 4 });
    p = applyProgress(p, { jobId: 'other', phase: 'packing', done: 4, total: 4 });
    p = applyProgress(p, { jobId: 'job-1', phase: 'packing', done: 4, total: 4 });
    p = applyProgress(p, { jobId: 'job-1', phase: 'writing', target: 'BACKUP-A', done: 10, total: 40 });
    p = applyProgress(p, { jobId: 'job-1', phase: 'writing', target: 'BACKUP-B', done: 0, total: 40 });
    expect(isVerifying(p)).toBe(false);
    p = applyProgress(p, { jobId: 'job-1', phase: 'verifying', target: 'BACKUP-A', done: 40, total: 40 });
    expect(isVerifying(p)).toBe(true);
    expect(progressRows(p).map((r) => [r.label, r.percent])).toEqual([
      ['Packing the keys', 100],
      ['Writing to BACKUP-A', 25],
      ['Writing to BACKUP-B', 0],
      ['Reading back BACKUP-A', 100],
    ]);
  });

  it('ignores every event when no job is watched', () => {
    expect(applyProgress(NO_JOB, { jobId: 'job-1', phase: 'reading', done: 1, total: 2 })).toBe(NO_JOB);
  });

  it('computes whole percentages, 0 for an unknown total, never above 100', () => {
    expect(percent(0, 0)).toBe(0);
    expect(percent(1, 3)).toBe(33);
    expect(percent(5, 4)).toBe(100);
    expect(percent(Number.NaN, 4)).toBe(0);
  });

  it('makes job IDs the contract accepts', () => {
    const id = newJobId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(newJobId()).not.toBe(id);
    expect(newJobId((b) => b.fill(171))).toBe(`job-${'ab'.repeat(12)}`);
  });
});
