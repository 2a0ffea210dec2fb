import { DerError } from './errors';
import { encodeOid } from './oid';
import { TAG, bigIntToBytes } from './reader';

/** One TLV with a minimal definite length (what Go's encoding/asn1 writes). */
export function tlv(tag: number, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const n = body.length;
  let header: Buffer;
  if (n < 0x80) header = Buffer.from([tag, n]);
  else {
    const len = bigIntToBytes(BigInt(n));
    header = Buffer.concat([Buffer.from([tag, 0x80 | len.length]), len]);
  }
  return Buffer.concat([header, body]);
}

export const derSequence = (...items: Buffer[]): Buffer => tlv(TAG.SEQUENCE, ...items);
export const derOctets = (bytes: Buffer): Buffer => tlv(TAG.OCTET_STRING, bytes);
export const derBitString = (bytes: Buffer): Buffer => tlv(TAG.BIT_STRING, Buffer.from([0]), bytes);
export const derNull = (): Buffer => Buffer.from([TAG.NULL, 0]);
export const derOid = (dotted: string): Buffer => tlv(TAG.OID, encodeOid(dotted));
export const derExplicit = (n: number, inner: Buffer): Buffer => tlv(0xa0 | n, inner);

/** INTEGER from a number/bigint, or from unsigned big-endian bytes (a leading 0x00 is added when needed). */
export function derInteger(value: number | bigint | Buffer): Buffer {
  if (Buffer.isBuffer(value)) {
    let i = 0;
    while (i < value.length - 1 && value[i] === 0) i++;
    const trimmed = value.subarray(i);
    if (trimmed.length === 0) return tlv(TAG.INTEGER, Buffer.alloc(1));
    return tlv(TAG.INTEGER, (trimmed[0] as number) >= 0x80 ? Buffer.concat([Buffer.alloc(1), trimmed]) : trimmed);
  }
  const n = BigInt(value);
  if (n < 0n) throw new DerError('negative INTEGER encoding is not needed here');
  const bytes = bigIntToBytes(n);
  return tlv(TAG.INTEGER, (bytes[0] as number) >= 0x80 ? Buffer.concat([Buffer.alloc(1), bytes]) : bytes);
}
