import { dockerKeyNameSchema, gunSchema, roleSchema } from '../../../../shared/schemas';

/** The kinds of key a person can generate; timestamp keys are held by the server, so they are not offered. */
export type GenerateChoice = 'root' | 'targets' | 'snapshot' | 'delegation' | 'signer';

export const ALGORITHM_CHOICES = [
  { value: 'ecdsa', label: 'ECDSA P-256 (default, what notary and docker use)' },
  { value: 'ed25519', label: 'Ed25519' },
  { value: 'rsa2048', label: 'RSA 2048' },
  { value: 'rsa4096', label: 'RSA 4096' },
] as const;
export type AlgorithmChoice = (typeof ALGORITHM_CHOICES)[number]['value'];

export interface GenerateForm {
  choice: GenerateChoice;
  gun: string;
  name: string;
  algorithm: AlgorithmChoice;
  writePublicKey: boolean;
}

export interface GenerateRequest {
  role: string;
  gun?: string;
  algorithm: 'ecdsa' | 'ed25519' | 'rsa';
  rsaBits?: 2048 | 4096;
  writePublicKey: boolean;
}

export const needsGun = (c: GenerateChoice) => c === 'targets' || c === 'snapshot';
export const needsName = (c: GenerateChoice) => c === 'delegation' || c === 'signer';

/** Validates the form with the same schemas main uses; returns field errors or the request to send. */
export function toRequest(f: GenerateForm): { errors: Partial<Record<'gun' | 'name', string>>; request: GenerateRequest | null } {
  const errors: Partial<Record<'gun' | 'name', string>> = {};
  let role: string = f.choice;
  if (needsGun(f.choice)) {
    const g = gunSchema.safeParse(f.gun.trim());
    if (!g.success) errors.gun = f.gun.trim() ? (g.error.issues[0]?.message ?? 'Not a valid GUN') : 'A GUN is needed for this key.';
  }
  if (f.choice === 'delegation') {
    role = `targets/${f.name.trim()}`;
    if (!f.name.trim()) errors.name = 'Name the delegation, e.g. releases.';
    else if (!roleSchema.safeParse(role).success || f.name.includes('/')) errors.name = 'Letters, digits, . _ and - only.';
  }
  if (f.choice === 'signer') {
    role = f.name.trim();
    if (!role) errors.name = 'Name the signer, e.g. alice.';
    else if (!dockerKeyNameSchema.safeParse(role).success || ['root', 'targets', 'snapshot', 'timestamp'].includes(role)) {
      errors.name = 'Lowercase letters, digits, - and _, starting with a letter or digit; not a role name.';
    }
  }
  if (Object.keys(errors).length) return { errors, request: null };
  const algorithm = f.algorithm.startsWith('rsa') ? 'rsa' : (f.algorithm as 'ecdsa' | 'ed25519');
  return {
    errors,
    request: {
      role,
      ...(needsGun(f.choice) ? { gun: f.gun.trim() } : {}),
      algorithm,
      ...(algorithm === 'rsa' ? { rsaBits: f.algorithm === 'rsa4096' ? 4096 : 2048 } : {}),
      writePublicKey: f.choice === 'signer' && f.writePublicKey,
    },
  };
}
