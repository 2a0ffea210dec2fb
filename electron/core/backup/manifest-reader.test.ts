import { describe, expect, it } from 'vitest';
import type { BackupManifest } from './manifest';
import { encodeManifest } from './manifest';
import { emptyManifest, manifestKey } from './manifest-testing';
import { manifestPieces } from './manifest-encoding';
import { MAX_ENTRY_CHARS, ManifestReader, readManifest } from './manifest-reader';

const base = emptyManifest;
const key = (i: number) => manifestKey(i, 'registry.example.com/équipe/app "quoted" {[,]}');
const full: BackupManifest = {
  ...base,
  keys: Array.from({ length: 50 }, (_, i) => key(i)),
  pinnedRoots: [{ gun: 'registry.example.com/app', path: 'tuf/registry.example.com/app/metadata/root.json', sha256: 'b'.repeat(64) }],
  auditCheckpoint: { seq: 7, hash: 'c'.repeat(64), at: '2026-12-07T22:00:00.000Z', mac: 'd'.repeat(64) },
  trustDataArchives: [{ name: 'archive-1', guns: ['registry.example.com/app'], files: [{ path: 'archive.json', sha256: 'e'.repeat(64) }] }],
};

/** Feeds the text in slices of `size` bytes, so every boundary (inside strings, escapes, UTF-8 sequences) is crossed. */
function readInSlices(text: string | Buffer, size: number): BackupManifest {
  const bytes = Buffer.isBuffer(text) ? text : Buffer.from(text, 'utf8');
  const reader = new ManifestReader();
  for (let at = 0; at < bytes.length; at += size) reader.write(bytes.subarray(at, at + size));
  return reader.end();
}

const damaged = (text: string) => {
  try {
    readManifest(text);
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
  throw new Error('it was accepted');
};

describe('ManifestReader', () => {
  it.each([1, 3, 7, 64, 65_536])('reads what the vault writes, in slices of %i bytes, as JSON.parse does', (size) => {
    expect(readInSlices(encodeManifest(full), size)).toEqual(JSON.parse(encodeManifest(full).toString('utf8')));
  });

  it('reads the streamed encoding, a manifest without keys, and compact JSON (an older or hand-made manifest)', () => {
    expect(readInSlices(Buffer.concat([...manifestPieces(full, 100)]), 13)).toEqual(full);
    expect(readManifest(encodeManifest(base))).toEqual(base);
    expect(readManifest(JSON.stringify(full))).toEqual(full);
  });

  it('shares one string for each role, GUN and algorithm across keys', () => {
    const read = readManifest(encodeManifest(full));
    expect(read.keys[1]!.gun).toBe(read.keys[3]!.gun);
    expect(read.keys.filter((k) => k.role === 'targets').length).toBeGreaterThan(10);
  });

  it('refuses malformed JSON, inside and outside the key list', () => {
    const text = encodeManifest(full).toString('utf8');
    expect(damaged(text.replace('"id": "0000', '"id" "0000'))).toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/keys\[0\] is not valid JSON/) });
    expect(damaged(text.replace('"appVersion": "1.2.3"', '"appVersion": 1.2.3.4'))).toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/not valid JSON/) });
    expect(damaged(text.replace('},\n    {', '}\n    {')).message).toMatch(/malformed after its entry 1/);
    expect(damaged(text.replace('},\n    {', '},,\n    {')).message).toMatch(/keys\[1\] is not an object/);
    expect(damaged(`${text}}`).message).toMatch(/closes nothing/);
    expect(damaged(`${text}{}`).message).toMatch(/not valid JSON/);
    expect(damaged('').message).toMatch(/not valid JSON/);
    expect(() => readManifest(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toThrow(/not valid UTF-8/);
    expect(damaged(`${'['.repeat(40)}`).message).toMatch(/nests deeper/);
  });

  it('refuses a manifest cut short anywhere', () => {
    const bytes = encodeManifest(full);
    for (const end of [1, 20, Math.floor(bytes.length / 2), bytes.length - 3]) {
      expect(() => readManifest(bytes.subarray(0, end)), `cut at ${end}`).toThrow(/ends before its last value is complete|not valid JSON/);
    }
  });

  it('refuses an entry over its bound before holding more of it', () => {
    const big = { ...key(1), gun: 'x'.repeat(MAX_ENTRY_CHARS) };
    const reader = new ManifestReader();
    const text = encodeManifest({ ...base, keys: [big] });
    // The error comes while the entry streams in, not at the end of the document.
    expect(() => {
      for (let at = 0; at < text.length; at += 1024) reader.write(text.subarray(at, at + 1024));
    }).toThrow(/keys\[0\] is over 16384 characters/);
    // Under the bound but over a field's own limit: the field's check names it.
    expect(damaged(encodeManifest({ ...base, keys: [{ ...key(1), gun: 'x'.repeat(300) }] }).toString()).message).toMatch(/manifest\.keys\[0\]\.gun is not a valid value/);
  });

  it('refuses the same path twice, and a second key list', () => {
    expect(damaged(encodeManifest({ ...base, keys: [key(1), key(2), { ...key(3), path: key(1).path }] }).toString()).message).toMatch(/keys\[2\] lists private\/0+1\.key a second time/);
    const twice = JSON.stringify(base).replace('"keys":[]', `"keys":[${JSON.stringify(key(1))}],"keys":[]`);
    expect(damaged(twice).message).toMatch(/manifest\.keys appears more than once/);
  });

  it('refuses wrong types with the field they are in', () => {
    const json = (m: object) => JSON.stringify(m);
    expect(damaged(json({ ...base, keys: [{ ...key(1), sha256: 5 }] })).message).toMatch(/manifest\.keys\[0\]\.sha256 is not a valid value/);
    expect(damaged(json({ ...base, keys: ['private/x.key'] })).message).toMatch(/manifest\.keys\[0\] is not an object/);
    expect(damaged(json({ ...base, keys: [[key(1)]] })).message).toMatch(/manifest\.keys\[0\] is not an object/);
    expect(damaged(json({ ...base, keys: { a: key(1) } })).message).toMatch(/manifest\.keys is not a list/);
    expect(damaged(json({ ...base, keys: undefined })).message).toMatch(/manifest\.keys is not a list/);
    expect(damaged(json({ ...base, version: 2 })).message).toMatch(/manifest\.version is not 1/);
    expect(damaged(json([base])).message).toMatch(/manifest is not an object/);
    expect(damaged(json({ ...base, auditCheckpoint: { ...full.auditCheckpoint, seq: -1 } })).message).toMatch(/auditCheckpoint\.seq is not a whole number/);
  });

  it('takes a "keys" member only at the top level', () => {
    const nested = { ...full, trustDataArchives: [{ ...full.trustDataArchives![0]!, keys: [1, 2] }] };
    expect(readManifest(JSON.stringify(nested))).toEqual(full);
  });
});
