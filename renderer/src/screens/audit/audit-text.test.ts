import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS } from '../../../../shared/dto/vault';
import { ACTION_GROUPS, actionLabel, EMPTY_FILTER_FORM, keyIdFilter, problemsCountText, toAuditFilter, whoLabel } from './audit-text';

describe('audit text', () => {
  it('groups every action exactly once and names each in words', () => {
    const grouped = ACTION_GROUPS.flatMap((g) => g.actions);
    expect([...grouped].sort()).toEqual([...AUDIT_ACTIONS].sort());
    for (const a of AUDIT_ACTIONS) expect(actionLabel(a)).not.toBe(a);
  });

  it('turns the form into the contract filter: lowercase key ID, whole local days', () => {
    expect(toAuditFilter(EMPTY_FILTER_FORM)).toEqual({});
    const f = toAuditFilter({ actions: ['key.offline'], keyId: ' ABCdef12… ', result: 'failed', from: '2026-03-01', to: '2026-03-01' });
    expect(f.actions).toEqual(['key.offline']);
    expect(f.keyId).toBe('abcdef12');
    expect(f.result).toBe('failed');
    expect(new Date(f.until!).getTime() - new Date(f.since!).getTime()).toBe(24 * 3600 * 1000);
    expect(new Date(f.since!).getHours()).toBe(0);
  });

  it('drops what is not a key ID instead of sending it', () => {
    expect(keyIdFilter('xyz')).toBeNull();
    expect(toAuditFilter({ ...EMPTY_FILTER_FORM, keyId: 'not hex' })).toEqual({});
  });

  it('says who did it, and through what', () => {
    expect(whoLabel({ user: 'ana', host: 'build-1', via: 'cli' })).toBe('ana@build-1 (command line)');
  });

  it('names the problems of a damaged log for the restart dialog', () => {
    const p = { line: 2, kind: 'edited' as const, message: '' };
    expect(problemsCountText({ entries: 1, problems: [p] })).toBe('one problem, 1 entry read');
    expect(problemsCountText({ entries: 1200, problems: [p, p] })).toBe('2 problems, 1,200 entries read');
  });
});
