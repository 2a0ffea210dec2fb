import { createHmac, hkdfSync } from 'node:crypto';

const KEY_BYTES = 32;
const EMPTY = Buffer.alloc(0);

/** The HMAC key that authenticates the header; empty salt per the age spec. */
export const headerMacKey = (fileKey: Uint8Array): Buffer => Buffer.from(hkdfSync('sha256', fileKey, EMPTY, 'header', KEY_BYTES));

/** The STREAM key; the payload nonce is the salt, so a file key never encrypts two payloads with one key. */
export const payloadKey = (fileKey: Uint8Array, payloadNonce: Uint8Array): Buffer =>
  Buffer.from(hkdfSync('sha256', fileKey, payloadNonce, 'payload', KEY_BYTES));

export const headerMac = (fileKey: Uint8Array, headerUpToDashes: Uint8Array): Buffer =>
  createHmac('sha256', headerMacKey(fileKey)).update(headerUpToDashes).digest();
