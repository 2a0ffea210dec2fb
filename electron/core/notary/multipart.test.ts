import { describe, expect, it } from 'vitest';
import { encodeMultipart, isPublishableRole } from './multipart';

/** A strict reader of what encodeMultipart writes, independent of it: splits on the delimiter RFC 2046 defines. */
function parseMultipart(body: Buffer, boundary: string): { headers: string[]; bytes: Buffer }[] {
  const first = Buffer.from(`--${boundary}\r\n`, 'latin1');
  const delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  expect(body.subarray(0, first.length).equals(first)).toBe(true);
  const parts: { headers: string[]; bytes: Buffer }[] = [];
  let at = first.length;
  for (;;) {
    const headEnd = body.indexOf('\r\n\r\n', at, 'latin1');
    expect(headEnd).toBeGreaterThan(0);
    const headers = body.subarray(at, headEnd).toString('latin1').split('\r\n');
    const end = body.indexOf(delimiter, headEnd + 4);
    expect(end).toBeGreaterThan(0);
    parts.push({ headers, bytes: body.subarray(headEnd + 4, end) });
    const after = body.subarray(end + delimiter.length, end + delimiter.length + 4).toString('latin1');
    if (after === '--\r\n') {
      expect(end + delimiter.length + 4).toBe(body.length);
      return parts;
    }
    expect(after.slice(0, 2)).toBe('\r\n');
    at = end + delimiter.length + 2;
  }
}

describe('encodeMultipart', () => {
  it('writes exactly what Go\'s CreateFormFile("files", role) writes, one part per role, in order', () => {
    const m = encodeMultipart(
      [
        { role: 'root', bytes: Buffer.from('{"a":1}') },
        { role: 'targets/releases', bytes: Buffer.from('{"b":2}') },
      ],
      'XyZ123',
    );
    expect(m.contentType).toBe('multipart/form-data; boundary=XyZ123');
    expect(m.body.toString('latin1')).toBe(
      '--XyZ123\r\nContent-Disposition: form-data; name="files"; filename="root"\r\nContent-Type: application/octet-stream\r\n\r\n{"a":1}\r\n' +
        '--XyZ123\r\nContent-Disposition: form-data; name="files"; filename="targets/releases"\r\nContent-Type: application/octet-stream\r\n\r\n{"b":2}\r\n' +
        '--XyZ123--\r\n',
    );
  });

  it('is binary-safe: every byte value, CR LF and dash runs, and a body that looks like a delimiter, come back unchanged', async () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const tricky = Buffer.from('\r\n--\r\n--fake-boundary--\r\n\r\n\0\xff', 'latin1');
    const files = [
      { role: 'root', bytes: Buffer.concat([all, tricky, all]) },
      { role: 'targets', bytes: tricky },
      { role: 'snapshot', bytes: Buffer.from('{"signed":{"é":"\u2028"}}', 'utf8') },
    ];
    const m = encodeMultipart(files);
    expect(m.boundary).toMatch(/^[0-9a-f]{60}$/);
    const parts = parseMultipart(m.body, m.boundary);
    expect(parts.map((p, i) => p.bytes.equals(files[i]!.bytes))).toEqual([true, true, true]);
    expect(parts.map((p) => p.headers[0])).toEqual(files.map((f) => `Content-Disposition: form-data; name="files"; filename="${f.role}"`));

    // The same body through another parser (undici's, as fetch's Response.formData()).
    const form = await new Response(Uint8Array.from(m.body), { headers: { 'Content-Type': m.contentType } }).formData();
    const got = form.getAll('files') as File[];
    expect(got.map((f) => f.name)).toEqual(['root', 'targets', 'snapshot']);
    for (const [i, f] of got.entries()) expect(Buffer.from(await f.arrayBuffer()).equals(files[i]!.bytes)).toBe(true);
  });

  it('makes a fresh boundary each time, and refuses one that occurs in a body', () => {
    const files = [{ role: 'root', bytes: Buffer.from('{}') }];
    expect(encodeMultipart(files).boundary).not.toBe(encodeMultipart(files).boundary);
    expect(() => encodeMultipart([{ role: 'root', bytes: Buffer.from('..abc..') }], 'abc')).toThrow(/boundary occurs in a file/);
    expect(() => encodeMultipart(files, 'has space')).toThrow(/not a usable multipart boundary/);
    expect(() => encodeMultipart(files, 'a'.repeat(71))).toThrow(/not a usable multipart boundary/);
  });

  it('refuses no files, unknown or unsafe role names, duplicates and empty bodies', () => {
    const b = Buffer.from('{}');
    expect(() => encodeMultipart([])).toThrow(/nothing to publish/);
    for (const role of ['', 'Root', 'root.json', 'targets/', 'targets//x', 'targets/../root', 'targets/a"b', 'targets/a\r\nX: y', 'releases', 'targets/Upper'])
      expect(() => encodeMultipart([{ role, bytes: b }]), role).toThrow(/not a role notary can publish/);
    expect(() => encodeMultipart([{ role: 'targets', bytes: b }, { role: 'targets', bytes: b }])).toThrow(/targets is given twice/);
    expect(() => encodeMultipart([{ role: 'targets', bytes: Buffer.alloc(0) }])).toThrow(/the targets file is empty/);
    expect(isPublishableRole('targets/releases/qa-1_x')).toBe(true);
    expect(isPublishableRole(`targets/${'a'.repeat(250)}`)).toBe(false);
  });
});
