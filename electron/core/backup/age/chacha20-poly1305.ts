import { createCipheriv, createDecipheriv } from 'node:crypto';
import { AEAD_TAG_BYTES } from './constants';

const ALGORITHM = 'chacha20-poly1305';

/** Ciphertext followed by its 16-byte tag, written into `out` at `offset` when given (saves a copy per chunk). */
export function seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, out?: Buffer, offset = 0): Buffer {
  const cipher = createCipheriv(ALGORITHM, key, nonce, { authTagLength: AEAD_TAG_BYTES });
  const body = cipher.update(plaintext);
  cipher.final();
  const tag = cipher.getAuthTag();
  if (!out) return Buffer.concat([body, tag]);
  body.copy(out, offset);
  tag.copy(out, offset + body.length);
  return out.subarray(offset, offset + body.length + tag.length);
}

/** The plaintext, or null when the tag does not match (wrong key, wrong nonce, or altered bytes). */
export function open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Buffer | null {
  if (sealed.length < AEAD_TAG_BYTES) return null;
  const split = sealed.length - AEAD_TAG_BYTES;
  const decipher = createDecipheriv(ALGORITHM, key, nonce, { authTagLength: AEAD_TAG_BYTES });
  decipher.setAuthTag(sealed.subarray(split));
  const plaintext = decipher.update(sealed.subarray(0, split));
  try {
    decipher.final();
  } catch {
    return null;
  }
  return plaintext;
}
