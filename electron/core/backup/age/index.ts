// age v1 (age-encryption.org/v1) with a passphrase recipient, on Node's native crypto only, so that
// `age -d FILE | tar -xz` restores a backup without this app.
import { startsWithAgeIntro } from './header';

export { AGE_MAX_WORK_FACTOR, AGE_WORK_FACTOR } from './constants';
export { AgeFileWriter, ageEncrypt, ageEncryptStream } from './encrypt';
export { DerivedKeys } from './derived-keys';
export { ageDecrypt, ageDecryptBuffer } from './decrypt';

/** True when the bytes start with the age v1 header line; says nothing about the recipient type. */
export function isAgeFile(head: Uint8Array): boolean {
  return startsWithAgeIntro(head);
}
