/** Which passphrase is being set: the explanation beside the step depends on it. */
export type PassphrasePurpose = 'root' | 'repository' | 'signer' | 'backup' | 'token-root' | 'vault' | 'cosign';

export function purposeForRole(role: string | null | undefined): PassphrasePurpose {
  if (role === 'root') return 'root';
  if (role === 'targets' || role === 'snapshot' || role === 'timestamp') return 'repository';
  return 'signer';
}

/**
 * Floors beyond notary's 8 characters (issue 12, point 4), for what cannot be replaced: the vault's master
 * passphrase (12 characters, core: MIN_MASTER_PASSPHRASE_LENGTH) and root key passphrases are refused when rated
 * weak. The core enforces the master passphrase's floor again; this step stops a root key before it is made.
 */
export interface PassphraseFloor {
  minLength: number;
  refuseWeak: boolean;
}

export function floorFor(purpose: PassphrasePurpose): PassphraseFloor {
  if (purpose === 'vault') return { minLength: 12, refuseWeak: true };
  if (purpose === 'root' || purpose === 'token-root') return { minLength: 8, refuseWeak: true };
  return { minLength: 8, refuseWeak: false };
}

export interface PurposeText {
  name: string;
  why: string;
  /** Why it must be strong; unset: the weakness of notary's key file encryption (WEAK_ENCRYPTION_WHY). */
  strongWhy?: string;
  /** What a forgotten passphrase costs, after "If it is forgotten, "; unset: the key cannot be decrypted. */
  lostWhat?: string;
}

export const PURPOSE_TEXT: Record<PassphrasePurpose, PurposeText> = {
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
  backup: {
    name: 'backup passphrase',
    why:
      'It encrypts the backup file as one age file, so the file can be restored on any machine with the standard age and tar tools. ' +
      'You need it only to restore or to check a backup, perhaps years from now: store it where you will still find it, ' +
      'and not on the same drive as the backup.',
    strongWhy:
      "Anyone who finds the drive can copy the file and try passphrases at leisure, and on FAT or exFAT drives the encryption is the file's only protection. " +
      'Age slows each guess down, but only a long passphrase, such as six generated words, keeps the keys inside safe.',
    lostWhat: 'the backup cannot be decrypted, and a backup nobody can open is no backup',
  },
  'token-root': {
    name: 'root passphrase',
    why:
      'The root key goes onto the token, and notary’s backup of it is written into the trust folder as an encrypted key file, as notary does. ' +
      'This passphrase encrypts that file. You need it only if the token is lost, broken or locked: then the file, and its copies on USB drives, ' +
      'are the root key. Use it for nothing else, and keep it separate from your repository passphrase.',
    lostWhat: 'the backup file cannot be decrypted, and the token holds the only usable copy of the root key',
  },
  vault: {
    name: 'master passphrase',
    why:
      'It unlocks the vault: the passphrases you save in it and the root keys you take offline into it. ' +
      'Type it when you start working; the vault locks itself when you step away. Use it for nothing else.',
    strongWhy:
      'Anyone who copies the vault file can try passphrases at leisure. Argon2id makes each guess cost the unlock time and 64 MiB of memory, ' +
      'but only a long passphrase, such as six generated words, keeps what is inside safe.',
    lostWhat: 'nothing can open the vault: the saved passphrases are gone, and so is every root key that is only in the vault',
  },
  cosign: {
    name: 'cosign.key passphrase',
    why:
      'It encrypts cosign.key, the key cosign signs your images with from now on; cosign asks for it (or reads COSIGN_PASSWORD) each time it signs. ' +
      'The kit may travel further than your trust folder, so choose a new one rather than reusing a content-trust passphrase.',
    strongWhy:
      'Anyone who gets a copy of cosign.key can try passphrases at leisure. scrypt makes each guess cost 32 MiB of memory, ' +
      'but only a long passphrase, such as six generated words, keeps the key safe.',
    lostWhat: 'cosign.key cannot be decrypted; if it was a new key, make another kit and announce the new public key',
  },
};

export const WEAK_ENCRYPTION_WHY =
  "Notary encrypts key files with PBKDF2-SHA1 at only 2048 rounds: anyone who gets a copy of the file can try millions of guesses a second. The passphrase is the file's only protection.";
