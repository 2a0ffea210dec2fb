import { randomBytes } from 'node:crypto';
import { VaultError } from '../../errors';
import { encodeBase64NoPadding } from './base64';
import { AGE_MAX_WORK_FACTOR, AGE_WORK_FACTOR, FILE_KEY_BYTES, PAYLOAD_NONCE_BYTES } from './constants';
import { serializeHeaderWithoutMac } from './header';
import { headerMac, payloadKey } from './key-schedule';
import { encryptPayloadInto, encryptedPayloadBytes } from './payload-stream';
import type { DerivedKeys } from './derived-keys';
import { wrapFileKey } from './scrypt-stanza';

export async function ageEncrypt(plaintext: Uint8Array, passphrase: string, options: { workFactor?: number; derivedKeys?: DerivedKeys } = {}): Promise<Buffer> {
  const workFactor = options.workFactor ?? AGE_WORK_FACTOR;
  // Capped at what decryption accepts, so the vault can always open what it wrote.
  if (!Number.isInteger(workFactor) || workFactor < 1 || workFactor > AGE_MAX_WORK_FACTOR) {
    throw new VaultError('INVALID_ARGUMENT', `The scrypt work factor must be a whole number from 1 to ${AGE_MAX_WORK_FACTOR}`);
  }
  // age itself refuses an empty passphrase (its CLI would generate one instead).
  if (passphrase.length === 0) throw new VaultError('PASSPHRASE_REQUIRED', 'A backup needs a passphrase');

  const fileKey = randomBytes(FILE_KEY_BYTES);
  const stanza = await wrapFileKey(fileKey, passphrase, workFactor, options.derivedKeys);
  const withoutMac = serializeHeaderWithoutMac([stanza]);
  const macLine = Buffer.from(` ${encodeBase64NoPadding(headerMac(fileKey, withoutMac))}\n`, 'latin1');
  const nonce = randomBytes(PAYLOAD_NONCE_BYTES);

  // One allocation for the whole file: the bench compares us with the age CLI on large archives.
  const payloadAt = withoutMac.length + macLine.length + nonce.length;
  const out = Buffer.allocUnsafe(payloadAt + encryptedPayloadBytes(plaintext.length));
  withoutMac.copy(out, 0);
  macLine.copy(out, withoutMac.length);
  nonce.copy(out, withoutMac.length + macLine.length);
  encryptPayloadInto(payloadKey(fileKey, nonce), plaintext, out, payloadAt);
  return out;
}
