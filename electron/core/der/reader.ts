import { DerError } from './errors';
import { decodeOid } from './oid';

/** Universal tags used by key structures (first identifier byte, class and constructed bit included). */
export const TAG = {
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  SEQUENCE: 0x30,
} as const;

/** [n] EXPLICIT context-specific, constructed. */
export const contextTag = (n: number): number => 0xa0 | n;

export interface DerNode {
  /** The identifier byte (only low tag numbers exist in the structures we read). */
  tag: number;
  constructed: boolean;
  /** Content octets (a view into the input; copy before keeping). */
  value: Buffer;
  /** The whole element, header included. */
  raw: Buffer;
}

const MAX_LENGTH_BYTES = 4;

/** Reads the one element that starts at `offset`. Strict DER: definite, minimal lengths, low tag numbers. */
export function readElement(buf: Buffer, offset = 0): DerNode {
  if (offset >= buf.length) throw new DerError('unexpected end of data (expected an element)');
  const tag = buf[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported');
  let pos = offset + 1;
  if (pos >= buf.length) throw new DerError('unexpected end of data (missing length)');
  const first = buf[pos++] as number;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const n = first & 0x7f;
    if (n === 0) throw new DerError('indefinite length is not DER');
    if (n > MAX_LENGTH_BYTES) throw new DerError('length too large');
    if (pos + n > buf.length) throw new DerError('unexpected end of data (in length)');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (buf[pos++] as number);
    if (buf[pos - n] === 0 || length < 0x80) throw new DerError('non-minimal length encoding');
  }
  const end = pos + length;
  if (end > buf.length) throw new DerError(`element claims ${length} bytes, only ${buf.length - pos} left`);
  return { tag, constructed: (tag & 0x20) !== 0, value: buf.subarray(pos, end), raw: buf.subarray(offset, end) };
}

/** Decodes exactly one element filling the whole buffer (trailing bytes are an error). */
export function decodeDer(buf: Buffer): DerNode {
  const node = readElement(buf, 0);
  if (node.raw.length !== buf.length) throw new DerError(`${buf.length - node.raw.length} trailing bytes after DER`);
  return node;
}

/** The elements inside a constructed node, in order. */
export function childrenOf(node: DerNode): DerNode[] {
  if (!node.constructed) throw new DerError('expected a constructed element');
  const out: DerNode[] = [];
  for (let pos = 0; pos < node.value.length; ) {
    const child = readElement(node.value, pos);
    out.push(child);
    pos += child.raw.length;
  }
  return out;
}

const TAG_NAMES: Record<number, string> = {
  [TAG.INTEGER]: 'INTEGER',
  [TAG.BIT_STRING]: 'BIT STRING',
  [TAG.OCTET_STRING]: 'OCTET STRING',
  [TAG.NULL]: 'NULL',
  [TAG.OID]: 'OBJECT IDENTIFIER',
  [TAG.SEQUENCE]: 'SEQUENCE',
};
const tagName = (t: number) => TAG_NAMES[t] ?? `tag 0x${t.toString(16)}`;

export function expectTag(node: DerNode | undefined, tag: number, what: string): DerNode {
  if (!node) throw new DerError(`${what}: missing`);
  if (node.tag !== tag) throw new DerError(`${what}: expected ${tagName(tag)}, found ${tagName(node.tag)}`);
  return node;
}

/** The children of a SEQUENCE, checked to number between min and max. */
export function sequence(node: DerNode | undefined, what: string, min = 0, max = Infinity): DerNode[] {
  const items = childrenOf(expectTag(node, TAG.SEQUENCE, what));
  if (items.length < min || items.length > max) throw new DerError(`${what}: unexpected number of fields (${items.length})`);
  return items;
}

export function readBigInt(node: DerNode | undefined, what: string): bigint {
  const v = expectTag(node, TAG.INTEGER, what).value;
  if (v.length === 0) throw new DerError(`${what}: empty INTEGER`);
  if (v.length > 1 && ((v[0] === 0 && (v[1] as number) < 0x80) || (v[0] === 0xff && (v[1] as number) >= 0x80)))
    throw new DerError(`${what}: non-minimal INTEGER`);
  let n = BigInt(`0x${v.toString('hex')}`);
  if ((v[0] as number) >= 0x80) n -= 1n << BigInt(v.length * 8);
  return n;
}

/** A small non-negative INTEGER such as a version or an iteration count. */
export function readSmallInt(node: DerNode | undefined, what: string, max = 0x7fffffff): number {
  const n = readBigInt(node, what);
  if (n < 0n || n > BigInt(max)) throw new DerError(`${what}: value ${n} out of range`);
  return Number(n);
}

/** A non-negative INTEGER as minimal unsigned big-endian bytes (the form JWK wants). */
export function readUnsigned(node: DerNode | undefined, what: string): Buffer {
  const n = readBigInt(node, what);
  if (n < 0n) throw new DerError(`${what}: negative INTEGER`);
  return bigIntToBytes(n);
}

export function bigIntToBytes(n: bigint): Buffer {
  if (n === 0n) return Buffer.alloc(1);
  const hex = n.toString(16);
  return Buffer.from(hex.length % 2 ? `0${hex}` : hex, 'hex');
}

export function readOid(node: DerNode | undefined, what: string): string {
  return decodeOid(expectTag(node, TAG.OID, what).value);
}

export function readOctets(node: DerNode | undefined, what: string): Buffer {
  return expectTag(node, TAG.OCTET_STRING, what).value;
}

/** BIT STRING content without the unused-bits byte; keys never have a partial last byte. */
export function readBitString(node: DerNode | undefined, what: string): Buffer {
  const v = expectTag(node, TAG.BIT_STRING, what).value;
  if (v.length === 0 || v[0] !== 0) throw new DerError(`${what}: BIT STRING with unused bits`);
  return v.subarray(1);
}

export function readNull(node: DerNode | undefined, what: string): void {
  if (expectTag(node, TAG.NULL, what).value.length !== 0) throw new DerError(`${what}: NULL with content`);
}
