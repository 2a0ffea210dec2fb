import { z } from 'zod';

/** Field schemas shared by the contract and the CLI's argument parsing. */

export const keyIdSchema = z.string().regex(/^[0-9a-f]{64}$/, 'a key ID is 64 lowercase hex characters');

/** A GUN is a path such as docker.io/library/alpine; no empty segments, no dot segments. */
export const gunSchema = z
  .string()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]*(\/[A-Za-z0-9._-]+)*$/, 'a GUN looks like registry.example.com/team/app')
  .refine((g) => !g.split('/').some((s) => s === '.' || s === '..'), 'a GUN has no . or .. segments');

/** Docker-style signer key names, as `docker trust key generate` accepts them. */
export const dockerKeyNameSchema = z.string().max(64).regex(/^[a-z0-9][a-z0-9_-]*$/, 'a name is lowercase letters, digits, - and _');

/** root, targets, snapshot, timestamp, targets/<name>[/<name>...], or a docker key name. */
export const roleSchema = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (r) =>
      ['root', 'targets', 'snapshot', 'timestamp'].includes(r) ||
      /^targets(\/[A-Za-z0-9_.-]+)+$/.test(r) && !r.split('/').some((s) => s === '.' || s === '..') ||
      /^[a-z0-9][a-z0-9_-]*$/.test(r),
    'a role is root, targets, snapshot, timestamp, targets/<name> or a signer name',
  );

/** Passphrases cross IPC once per operation; the length cap keeps a hostile caller from flooding main. */
export const passphraseSchema = z.string().max(1024);

/** notary's prompt refuses fewer than 8 characters; the vault does the same wherever a passphrase is set. */
export const MIN_PASSPHRASE_LENGTH = 8;

export const opaqueIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/);
