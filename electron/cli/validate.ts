import { UsageError } from './usage-error';

/**
 * CLI argument checks. These are the rules of shared/schemas.ts written without zod: zod is 87% of the CLI bundle
 * (813 of 937 KB) and compiling it alone costs more than listing 10,000 keys from the index. A unit test
 * (validate.test.ts) holds both to the same verdicts.
 */

const ROLE_RE = /^targets(\/[A-Za-z0-9_.-]+)+$/;
const NAME_RE = /^[a-z0-9][a-z0-9_-]*$/;
const GUN_RE = /^[A-Za-z0-9][A-Za-z0-9._:-]*(\/[A-Za-z0-9._-]+)*$/;
const hasDotSegment = (s: string) => s.split('/').some((p) => p === '.' || p === '..');

export const isValidRole = (r: string): boolean =>
  r.length >= 1 &&
  r.length <= 255 &&
  (['root', 'targets', 'snapshot', 'timestamp'].includes(r) || (ROLE_RE.test(r) && !hasDotSegment(r)) || NAME_RE.test(r));
export const isValidGun = (g: string): boolean => g.length >= 1 && g.length <= 255 && GUN_RE.test(g) && !hasDotSegment(g);
export const isValidKeyId = (id: string): boolean => /^[0-9a-f]{64}$/.test(id);
export const isValidName = (n: string): boolean => n.length <= 64 && NAME_RE.test(n);

function check(ok: boolean, option: string, value: string, rule: string): string {
  if (!ok) throw new UsageError(`--${option} ${value}: ${rule}`);
  return value;
}

export const checkRole = (v: string) =>
  check(isValidRole(v), 'role', v, 'a role is root, targets, snapshot, timestamp, targets/<name> or a signer name');
export const checkGun = (v: string) => check(isValidGun(v), 'gun', v, 'a GUN looks like registry.example.com/team/app');
export const checkKeyId = (v: string) => check(isValidKeyId(v), 'id', v, 'a key ID is 64 lowercase hex characters');
export const checkName = (v: string) => check(isValidName(v), 'name', v, 'a name is lowercase letters, digits, - and _');
