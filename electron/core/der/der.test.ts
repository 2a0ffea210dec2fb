import { describe, expect, it } from 'vitest';
import {
  DerError, OID, childrenOf, decodeDer, decodeOid, derBitString, derExplicit, derInteger, derNull, derOctets, derOid,
  derSequence, encodeOid, readBigInt, readBitString, readElement, readOid, readUnsigned, sequence,
} from './index';

const hex = (s: string) => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('OIDs', () => {
  it('encodes and decodes the OIDs key files use, with multi-byte arcs', () => {
    expect(encodeOid(OID.prime256v1).toString('hex')).toBe('2a8648ce3d030107');
    expect(encodeOid(OID.ed25519Notary).toString('hex')).toBe('2b06010401da470f01');
    expect(encodeOid(OID.aes256Cbc).toString('hex')).toBe('60864801650304012a');
    for (const oid of Object.values(OID)) expect(decodeOid(encodeOid(oid))).toBe(oid);
    expect(decodeOid(encodeOid('2.999.3'))).toBe('2.999.3');
  });

  it('rejects malformed OIDs', () => {
    expect(() => decodeOid(Buffer.alloc(0))).toThrow(DerError);
    expect(() => decodeOid(hex('2a86'))).toThrow(/truncated/);
    expect(() => decodeOid(hex('2a8086'))).toThrow(/non-minimal/);
    expect(() => encodeOid('1.40.1')).toThrow(DerError);
    expect(() => encodeOid('1.x')).toThrow(DerError);
  });
});

describe('reader', () => {
  it('reads short and long lengths', () => {
    const long = Buffer.concat([hex('0481c8'), Buffer.alloc(200, 7)]);
    expect(decodeDer(long).value.length).toBe(200);
    const longer = Buffer.concat([hex('04820100'), Buffer.alloc(256, 1)]);
    expect(decodeDer(longer).value.length).toBe(256);
  });

  it('is strict DER', () => {
    expect(() => decodeDer(hex('3080 0000'))).toThrow(/indefinite/);
    expect(() => decodeDer(hex('04 8105 0102030405'))).toThrow(/non-minimal length/);
    expect(() => decodeDer(hex('04 820005 0102030405'))).toThrow(/non-minimal length/);
    expect(() => decodeDer(hex('04 05 0102'))).toThrow(/claims 5 bytes/);
    expect(() => decodeDer(hex('04 01 00 ff'))).toThrow(/trailing/);
    expect(() => decodeDer(hex('04'))).toThrow(/missing length/);
    expect(() => decodeDer(hex('1f 01 00'))).toThrow(/high tag/);
    expect(() => readBigInt(decodeDer(hex('02 02 0001')), 'n')).toThrow(/non-minimal INTEGER/);
    expect(() => readBigInt(decodeDer(hex('02 02 ff80')), 'n')).toThrow(/non-minimal INTEGER/);
    expect(() => readBigInt(decodeDer(hex('02 00')), 'n')).toThrow(/empty/);
    expect(() => readBitString(decodeDer(hex('03 02 0180')), 'b')).toThrow(/unused bits/);
  });

  it('reads signed and unsigned integers', () => {
    expect(readBigInt(decodeDer(hex('02 01 ff')), 'n')).toBe(-1n);
    expect(readBigInt(decodeDer(hex('02 02 00ff')), 'n')).toBe(255n);
    expect(readUnsigned(decodeDer(hex('02 02 00ff')), 'n').toString('hex')).toBe('ff');
    expect(() => readUnsigned(decodeDer(hex('02 01 80')), 'n')).toThrow(/negative/);
  });

  it('names what is missing or of the wrong type', () => {
    const seq = decodeDer(derSequence(derInteger(1)));
    expect(() => sequence(seq, 'Thing', 2)).toThrow(/Thing: unexpected number of fields/);
    expect(() => readOid(childrenOf(seq)[0], 'Thing OID')).toThrow(/Thing OID: expected OBJECT IDENTIFIER, found INTEGER/);
    expect(() => readOid(undefined, 'X')).toThrow(/X: missing/);
    expect(() => childrenOf(decodeDer(derNull()))).toThrow(/constructed/);
  });

  it('walks nested elements and reads at an offset', () => {
    const der = Buffer.concat([derNull(), derSequence(derOid(OID.pbes2), derExplicit(0, derOctets(hex('aa'))))]);
    const node = readElement(der, 2);
    const [oid, ctx] = childrenOf(node);
    expect(readOid(oid, 'oid')).toBe(OID.pbes2);
    expect(ctx!.tag).toBe(0xa0);
    expect(decodeDer(ctx!.value).value.toString('hex')).toBe('aa');
  });
});

describe('writer', () => {
  it('writes minimal INTEGERs, as Go encoding/asn1 does', () => {
    expect(derInteger(0).toString('hex')).toBe('020100');
    expect(derInteger(127).toString('hex')).toBe('02017f');
    expect(derInteger(128).toString('hex')).toBe('02020080');
    expect(derInteger(2048).toString('hex')).toBe('02020800');
    expect(derInteger(hex('0000ff')).toString('hex')).toBe('020200ff');
    expect(derInteger(hex('00')).toString('hex')).toBe('020100');
    expect(derInteger(Buffer.alloc(0)).toString('hex')).toBe('020100');
  });

  it('writes long lengths minimally and round-trips through the reader', () => {
    const big = derOctets(Buffer.alloc(300, 9));
    expect(big.subarray(0, 4).toString('hex')).toBe('0482012c');
    expect(decodeDer(big).value.equals(Buffer.alloc(300, 9))).toBe(true);
    const bits = derBitString(hex('04abcd'));
    expect(readBitString(decodeDer(bits), 'bits').toString('hex')).toBe('04abcd');
  });
});
