import { timingSafeEqual } from 'node:crypto';
import { ByteSource } from '../byte-source';
import { AGE_MAX_WORK_FACTOR, PAYLOAD_NONCE_BYTES } from './constants';
import { backupDamaged, backupTruncated } from './errors';
import { readHeader, serializeHeaderWithoutMac } from './header';
import { headerMac, payloadKey } from './key-schedule';
import { decryptPayload } from './payload-stream';
import type { DerivedKeys } from './derived-keys';
import { passphraseStanzaOf, unwrapFileKey } from './scrypt-stanza';

/** Streams the plaintext out chunk by chunk as the source arrives; throws (rejects the iteration) on any problem. */
export async function* ageDecrypt(
  source: AsyncIterable<Uint8Array>,
  passphrase: string,
  options: { maxWorkFactor?: number; derivedKeys?: DerivedKeys } = {},
): AsyncGenerator<Buffer> {
  const bytes = new ByteSource(source);
  try {
    const header = await readHeader(bytes);
    const stanza = passphraseStanzaOf(header.stanzas);
    const fileKey = await unwrapFileKey(stanza, passphrase, options.maxWorkFactor ?? AGE_MAX_WORK_FACTOR, options.derivedKeys);
    // Go age checks the MAC over the re-serialised header; the strict parser makes that equal to the bytes read.
    const expected = headerMac(fileKey, serializeHeaderWithoutMac(header.stanzas));
    if (!timingSafeEqual(expected, header.mac)) throw backupDamaged('its header fails its integrity check: the file was altered');
    const nonce = await bytes.read(PAYLOAD_NONCE_BYTES);
    if (nonce.length < PAYLOAD_NONCE_BYTES) throw backupTruncated('it ends right after its header, before the encrypted data');
    yield* decryptPayload(bytes, payloadKey(fileKey, nonce));
  } finally {
    await bytes.close();
  }
}

export async function ageDecryptBuffer(bytes: Uint8Array, passphrase: string, options: { maxWorkFactor?: number; derivedKeys?: DerivedKeys } = {}): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of ageDecrypt(oneSlice(bytes), passphrase, options)) parts.push(part);
  return Buffer.concat(parts);
}

async function* oneSlice(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}
