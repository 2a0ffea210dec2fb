import { describe, expect, it } from 'vitest';
import { defaultExpires } from './metadata/expiry';
import type { RepoState } from './repo-state';
import { checkRequestedRoles, expiriesOf, rolesExpiringWithin, signingOrder } from './resign';

const DAY = 86_400_000;
const madeAt = new Date('2026-11-23T12:00:00Z');

/** Only what the pure helpers read: each role's expiry, and which delegations exist. */
function stateMadeAt(at: Date): RepoState {
  const file = (role: string) => ({ signed: { expires: defaultExpires(role, at) }, bytes: Buffer.alloc(0) });
  return {
    gun: 'example.com/app',
    root: file('root'),
    targets: file('targets'),
    snapshot: file('snapshot'),
    timestamp: file('timestamp'),
    delegations: new Map([['targets/releases', file('targets/releases')]]),
    firstUse: false,
  } as unknown as RepoState;
}

describe('rolesExpiringWithin', () => {
  const state = stateMadeAt(madeAt);

  it('three years less 30 days on: targets, the delegation and a local snapshot are within 90 days, root is not', () => {
    const later = new Date(madeAt.getTime() + (1095 - 30) * DAY);
    expect(rolesExpiringWithin(expiriesOf(state, true), 90, later)).toEqual(['targets', 'snapshot', 'targets/releases']);
    // A snapshot the server holds is the server's to re-sign; the timestamp never is ours.
    expect(rolesExpiringWithin(expiriesOf(state, false), 90, later)).toEqual(['targets', 'targets/releases']);
    expect(rolesExpiringWithin(expiriesOf(state, true), 29, later)).toEqual([]);
  });

  it('a role already expired counts; root within its last 90 days too', () => {
    expect(rolesExpiringWithin(expiriesOf(state, true), 0, new Date(madeAt.getTime() + 1100 * DAY))).toEqual(['targets', 'snapshot', 'targets/releases']);
    expect(rolesExpiringWithin(expiriesOf(state, true), 90, new Date(madeAt.getTime() + 3600 * DAY))).toEqual(['root', 'targets', 'snapshot', 'targets/releases']);
    expect(rolesExpiringWithin(expiriesOf(state, true), 90, madeAt)).toEqual([]);
  });
});

describe('signingOrder', () => {
  it('root, targets, delegations by name, snapshot last (it covers the others); duplicates dropped', () => {
    expect(signingOrder(['snapshot', 'targets/z', 'root', 'targets/releases', 'targets', 'root'])).toEqual(['root', 'targets', 'targets/releases', 'targets/z', 'snapshot']);
  });
});

describe('checkRequestedRoles', () => {
  const state = stateMadeAt(madeAt);

  it('takes root, targets, a local snapshot and existing delegations', () => {
    expect(checkRequestedRoles(['targets', 'root', 'targets', 'snapshot', 'targets/releases'], state, true)).toEqual(['targets', 'root', 'snapshot', 'targets/releases']);
  });

  it('refuses the timestamp, a server-held snapshot, unknown names and missing delegations, saying why', () => {
    expect(() => checkRequestedRoles(['timestamp'], state, true)).toThrow(/timestamp is signed by the server/);
    expect(() => checkRequestedRoles(['snapshot'], state, false)).toThrow(/snapshot of example.com\/app is signed by the server/);
    expect(() => checkRequestedRoles(['releases'], state, true)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    expect(() => checkRequestedRoles(['targets/nobody'], state, true)).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: expect.stringMatching(/no targets\/nobody\.json/) }));
  });
});
