import { describe, expect, it } from 'vitest';
import { hsalsa20, poly1305, secretboxOpen, secretboxSeal } from './secretbox';

// NaCl's published test vectors (tests/core1.c, tests/secretbox.c, poly1305-donna's self test), as hex.
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

const SHARED = hex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');
const FIRSTKEY = hex('1b27556473e985d462cd51197a9a46c76009549eac6474f206c4ee0844f68389');
const NONCE = hex('69696ee955b62b73cd62bda875fc73d68219e0036b7a0b37');
const PLAIN = hex(`
  be075fc53c81f2d5cf141316ebeb0c7b5228c52a4c62cbd44b66849b64244ffce5ecbaaf33bd751a1ac728d45e6c61296cdc3c01233561f4
  1db66cce314adb310e3be8250c46f06dceea3a7fa1348057e2f6556ad6b1318a024a838f21af1fde048977eb48f59ffd4924ca1c60902e52
  f0a089bc76897040e082f9377638486 45e0705`);
const BOX = hex(`
  f3ffc7703f9400e52a7dfb4b3d3305d9
  8e993b9f48681273c29650ba32fc76ce48332ea7164d96a4476fb8c531a1186ac0dfc17c98dce87b4da7f011ec48c97271d2c20f9b928fe2
  270d6fb863d51738b48eeee314a7cc8ab932164548e526ae90224368517acfeabd6bb3732bc0e9da99832b61ca01b6de56244a9e88d5f9b3
  7973f622a43d14a6599b1f654cb45a74e355a5`);

describe('XSalsa20-Poly1305 (NaCl secretbox)', () => {
  it('HSalsa20 turns the shared secret into NaCl core1\'s firstkey', () => {
    expect(hsalsa20(SHARED, Buffer.alloc(16)).toString('hex')).toBe(FIRSTKEY.toString('hex'));
  });

  it('Poly1305 matches NaCl\'s authenticator vector and donna\'s wrap-around case', () => {
    const key = hex('eea6a7251c1e72916d11c2cb214d3c252539121d8e234e652d651fa4c8cff880');
    expect(poly1305(key, BOX.subarray(16)).toString('hex')).toBe('f3ffc7703f9400e52a7dfb4b3d3305d9');
    const wrap = poly1305(Buffer.concat([Buffer.from([2]), Buffer.alloc(31)]), Buffer.alloc(16, 0xff));
    expect(wrap.toString('hex')).toBe(`03${'00'.repeat(15)}`);
  });

  it('seals NaCl\'s secretbox test message to the published box and opens it again', () => {
    expect(PLAIN.length).toBe(131);
    expect(secretboxSeal(PLAIN, NONCE, FIRSTKEY).toString('hex')).toBe(BOX.toString('hex'));
    expect(secretboxOpen(BOX, NONCE, FIRSTKEY)?.toString('hex')).toBe(PLAIN.toString('hex'));
  });

  it('refuses a box with any byte changed, or under another key', () => {
    for (const i of [0, 15, 16, 100, BOX.length - 1]) {
      const bad = Buffer.from(BOX);
      bad[i] = bad[i]! ^ 1;
      expect(secretboxOpen(bad, NONCE, FIRSTKEY)).toBeNull();
    }
    expect(secretboxOpen(BOX, NONCE, SHARED)).toBeNull();
    expect(secretboxOpen(Buffer.alloc(5), NONCE, FIRSTKEY)).toBeNull();
  });

  it('round-trips every length across block boundaries', () => {
    for (const n of [0, 1, 31, 32, 63, 64, 65, 128, 1000]) {
      const m = Buffer.alloc(n, n & 0xff);
      expect(secretboxOpen(secretboxSeal(m, NONCE, FIRSTKEY), NONCE, FIRSTKEY)?.equals(m)).toBe(true);
    }
  });
});
