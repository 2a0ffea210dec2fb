import { describe, expect, it } from 'vitest';
import type { RepoStatus, StatusProblemCode } from '../../../shared/dto/status';
import { withIncompleteVerdict } from './incomplete';

const status = (problems: [StatusProblemCode, string][]): RepoStatus => ({
  gun: 'example.com/app',
  verdict: 'broken',
  problems: problems.map(([code, role]) => ({ code, role, message: code })),
  roles: [],
  tags: [],
  delegations: [],
});

describe('incomplete: files never fetched, everything present verifies', () => {
  it('a missing timestamp or delegation alone is incomplete, naming them', () => {
    expect(withIncompleteVerdict(status([['MISSING_ROLE', 'timestamp']]))).toMatchObject({ verdict: 'incomplete', missingRoles: ['timestamp'] });
    expect(withIncompleteVerdict(status([['MISSING_ROLE', 'timestamp'], ['EXPIRING_SOON', 'targets'], ['MISSING_ROLE', 'targets/releases']])).missingRoles).toEqual([
      'timestamp',
      'targets/releases',
    ]);
  });

  it('anything else stays broken: a missing root, or a missing file beside a bad one', () => {
    expect(withIncompleteVerdict(status([['MISSING_ROLE', 'root'], ['ROOT_NOT_TRUSTED', 'root']])).verdict).toBe('broken');
    expect(withIncompleteVerdict(status([['MISSING_ROLE', 'timestamp'], ['THRESHOLD_NOT_MET', 'targets']])).verdict).toBe('broken');
    expect(withIncompleteVerdict(status([['HASH_MISMATCH', 'snapshot']])).verdict).toBe('broken');
  });
});
