import { describe, expect, it } from 'vitest';
import { STATUS_PROBLEM_CODES } from '../dto/status';
import { explainProblem, LIVE_SERVER_PROBLEM_CODES, PROBLEM_EXPLANATIONS } from './problems';

describe('problem explanations', () => {
  it('explain every status code for a consumer and a publisher, non-empty', () => {
    for (const code of [...STATUS_PROBLEM_CODES, ...LIVE_SERVER_PROBLEM_CODES]) {
      const e = explainProblem(code);
      expect(e, code).not.toBeNull();
      expect(e!.title.trim(), code).not.toBe('');
      expect(e!.consumer.trim().length, code).toBeGreaterThan(40);
      expect(e!.publisher.trim().length, code).toBeGreaterThan(40);
      expect(e!.consumer, code).not.toBe(e!.publisher);
      for (const t of [...e!.notary, ...e!.docker]) expect(t.trim(), code).not.toBe('');
    }
    expect(Object.keys(PROBLEM_EXPLANATIONS).sort()).toEqual(expect.arrayContaining([...STATUS_PROBLEM_CODES].sort()));
  });

  it('quote the exact words notary and docker print', () => {
    const t = explainProblem('THRESHOLD_NOT_MET', { gun: 'example.com/a', role: 'targets' })!;
    expect(t.notary).toContain('valid signatures did not meet threshold for targets');
    expect(t.docker).toContain(
      'Warning: potential malicious behavior - trust data has insufficient signatures for remote repository example.com/a: valid signatures did not meet threshold for targets',
    );
    expect(explainProblem('ROOT_NOT_TRUSTED')!.notary).toContain('could not validate the path to a trusted root');
    expect(explainProblem('EXPIRED', { role: 'timestamp' })!.notary).toContain('timestamp expired at <date>');
    for (const c of ['SERVER_OFFLINE', 'TLS_UNTRUSTED', 'TLS_HOSTNAME', 'TLS_EXPIRED']) expect(explainProblem(c)!.notary).toContain('client is offline');
    expect(explainProblem('NOPE')).toBeNull();
    expect(explainProblem('toString')).toBeNull();
  });
});
