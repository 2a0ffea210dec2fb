import { describe, expect, it } from 'vitest';
import { dockerKeyNameSchema, gunSchema, keyIdSchema, roleSchema } from '../../shared/schemas';
import { isValidGun, isValidKeyId, isValidName, isValidRole } from './validate';

/** The CLI's zod-free checks must agree with the IPC contract's schemas. */
const samples = [
  'root', 'targets', 'snapshot', 'timestamp', 'targets/x', 'targets/a/b', 'targets/..', 'targets/', 'alice', 'Alice',
  '-a', 'a_b-c', 'docker.io/library/alpine', 'example.com:5000/app', 'a//b', 'a/./b', '', 'x'.repeat(256),
  'a'.repeat(64), 'A'.repeat(64), 'targets/x y', 'registry/../x', 'r.example.com/team/app', '0', 'a'.repeat(65),
];

describe('CLI validators', () => {
  it.each(samples)('agree with shared/schemas on %j', (s) => {
    expect(isValidRole(s)).toBe(roleSchema.safeParse(s).success);
    expect(isValidGun(s)).toBe(gunSchema.safeParse(s).success);
    expect(isValidKeyId(s)).toBe(keyIdSchema.safeParse(s).success);
    expect(isValidName(s)).toBe(dockerKeyNameSchema.safeParse(s).success);
  });
});
