import { createHash } from 'node:crypto';

/**
 * scrypt results kept for the length of one operation. A backup is encrypted and then, in the same operation, read
 * back from each drive and decrypted: the drive's header carries the same salt and work factor, so deriving the
 * wrapping key again would compute the very same 32 bytes a second time (0.8 s at work factor 18). The read-back
 * still parses the header from the drive, unwraps the file key from the drive's stanza, checks the header MAC and
 * authenticates every chunk read from the drive; only the repeat of a deterministic function is skipped. A
 * different salt or passphrase (another file) simply misses. Wiped when the operation ends.
 */
export class DerivedKeys {
  readonly #keys = new Map<string, Buffer>();

  static #slot(passphrase: string, salt: Buffer, workFactor: number): string {
    return createHash('sha256').update(Buffer.from(passphrase, 'utf8')).update('\0').update(salt).update(`\0${workFactor}`).digest('hex');
  }

  get(passphrase: string, salt: Buffer, workFactor: number): Buffer | undefined {
    return this.#keys.get(DerivedKeys.#slot(passphrase, salt, workFactor));
  }

  set(passphrase: string, salt: Buffer, workFactor: number, key: Buffer): void {
    this.#keys.set(DerivedKeys.#slot(passphrase, salt, workFactor), Buffer.from(key));
  }

  wipe(): void {
    for (const key of this.#keys.values()) key.fill(0);
    this.#keys.clear();
  }
}
