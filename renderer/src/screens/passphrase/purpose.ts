/** Which passphrase is being set: the explanation beside the step depends on it. */
export type PassphrasePurpose = 'root' | 'repository' | 'signer';

export function purposeForRole(role: string | null | undefined): PassphrasePurpose {
  if (role === 'root') return 'root';
  if (role === 'targets' || role === 'snapshot' || role === 'timestamp') return 'repository';
  return 'signer';
}

export const PURPOSE_TEXT: Record<PassphrasePurpose, { name: string; why: string }> = {
  root: {
    name: 'root passphrase',
    why:
      'It protects the root key, which certifies every other key of your repositories. A lost root key (or its passphrase) is not recoverable: ' +
      "you would start the repository's trust over, and everyone who pulls it would see a new, untrusted root. Use it for nothing else, " +
      'and keep it separate from the repository passphrase that docker uses for all non-root keys.',
  },
  repository: {
    name: 'repository passphrase',
    why:
      'It protects the keys that sign your tags. Docker uses one repository passphrase for all non-root keys, so you type it whenever you sign. ' +
      'Keep it different from the root passphrase: a lost repository key can be replaced with the root key; the root key cannot.',
  },
  signer: {
    name: 'signer passphrase',
    why:
      'It protects a signer key, the one a person or CI system uses to sign tags. It is asked for whenever this signer signs. ' +
      'A lost signer key can be replaced by the repository owner; keep it different from the root passphrase.',
  },
};

export const WEAK_ENCRYPTION_WHY =
  "Notary encrypts key files with PBKDF2-SHA1 at only 2048 rounds: anyone who gets a copy of the file can try millions of guesses a second. The passphrase is the file's only protection.";
