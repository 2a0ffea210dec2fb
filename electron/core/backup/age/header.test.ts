import { describe, expect, it } from 'vitest';
import { ByteSource } from '../byte-source';
import { readHeader, serializeHeader, serializeHeaderWithoutMac, startsWithAgeIntro, type Stanza } from './header';

async function* oneSlice(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}
const parse = (text: string | Buffer) => readHeader(new ByteSource(oneSlice(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'))));

const bytesOf = (n: number, seed = 1) => Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff));
const MAC = bytesOf(32, 9);
const MAC_TEXT = MAC.toString('base64').replace(/=+$/, '');
const SCRYPT: Stanza = { type: 'scrypt', args: ['c2FsdHNhbHRzYWx0c2FsdA', '10'], body: bytesOf(32) };
const BODY_TEXT = SCRYPT.body.toString('base64').replace(/=+$/, '');
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
/** 32 bytes take 43 characters whose last 2 bits are unused; setting one spells the same bytes non-canonically. */
const withStrayBit = (text: string) => `${text.slice(0, -1)}${B64[B64.indexOf(text.at(-1)!) ^ 1]}`;
const GOOD = `age-encryption.org/v1\n-> scrypt c2FsdHNhbHRzYWx0c2FsdA 10\n${BODY_TEXT}\n--- ${MAC_TEXT}\n`;

describe('age header', () => {
  it('serialises one scrypt stanza the way age does', () => {
    expect(serializeHeader([SCRYPT], MAC).toString('latin1')).toBe(GOOD);
    expect(serializeHeaderWithoutMac([SCRYPT]).toString('latin1')).toBe(GOOD.slice(0, GOOD.indexOf('---') + 3));
  });

  it('wraps bodies at 64 columns and always ends them with a short line', () => {
    const lines = (n: number) => serializeHeaderWithoutMac([{ type: 't', args: [], body: bytesOf(n) }]).toString('latin1').split('\n').slice(2, -1);
    expect(lines(0)).toEqual(['']);
    expect(lines(48).map((l) => l.length)).toEqual([64, 0]);
    expect(lines(49).map((l) => l.length)).toEqual([64, 2]);
    expect(lines(96).map((l) => l.length)).toEqual([64, 64, 0]);
  });

  it('parses back what it serialises, including multi-line and empty bodies', async () => {
    const stanzas: Stanza[] = [SCRYPT, { type: 'other', args: ['a', 'b'], body: bytesOf(100) }, { type: 'empty', args: [], body: Buffer.alloc(0) }];
    expect(await parse(serializeHeader(stanzas, MAC))).toEqual({ stanzas, mac: MAC });
  });

  it('leaves the source at the first payload byte', async () => {
    const source = new ByteSource(oneSlice(Buffer.concat([Buffer.from(GOOD, 'latin1'), Buffer.from('PAYLOAD')])));
    await readHeader(source);
    expect(await source.read(100)).toEqual(Buffer.from('PAYLOAD'));
  });

  it('recognises the intro line', () => {
    expect(startsWithAgeIntro(Buffer.from(GOOD))).toBe(true);
    expect(startsWithAgeIntro(Buffer.from('age-encryption.org/v1'))).toBe(false);
    expect(startsWithAgeIntro(Buffer.from('age-encryption.org/v2\n'))).toBe(false);
    expect(startsWithAgeIntro(Buffer.from('-----BEGIN AGE ENCRYPTED FILE-----\n'))).toBe(false);
  });

  it.each([
    ['an empty file', ''],
    ['a gzip file', '\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03'],
    ['another age version', 'age-encryption.org/v2\n'],
    ['an armored age file', '-----BEGIN AGE ENCRYPTED FILE-----\nYWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBtVn\n'],
  ])('says %s is not a backup', async (_what, text) => {
    await expect(parse(text)).rejects.toMatchObject({ code: 'NOT_A_BACKUP' });
  });

  it.each([
    ['inside the intro line', 'age-encryption'],
    ['right after the intro', 'age-encryption.org/v1\n'],
    ['inside a stanza line', 'age-encryption.org/v1\n-> scrypt c2Fs'],
    ['inside the body', `age-encryption.org/v1\n-> scrypt c2FsdHNhbHRzYWx0c2FsdA 10\n${BODY_TEXT}`],
    ['inside the MAC line', GOOD.slice(0, -5)],
    ['just before the final newline', GOOD.slice(0, -1)],
  ])('says a header that ends %s is truncated', async (_where, text) => {
    await expect(parse(text)).rejects.toMatchObject({ code: 'BACKUP_TRUNCATED', message: expect.stringMatching(/^The backup ends before its last part: /) });
  });

  it('says a header with CRLF line endings was damaged by a text-mode copy', async () => {
    await expect(parse(GOOD.replace(/\n/g, '\r\n'))).rejects.toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/line endings/) });
  });

  const damaged: [string, string][] = [
    ['a padded body', GOOD.replace(BODY_TEXT, `${BODY_TEXT}=`)],
    ['a padded MAC', GOOD.replace(MAC_TEXT, `${MAC_TEXT}=`)],
    ['a non-canonical body (stray bits in its last character)', GOOD.replace(BODY_TEXT, withStrayBit(BODY_TEXT))],
    ['a MAC of the wrong length', GOOD.replace(MAC_TEXT, MAC_TEXT.slice(0, 40))],
    ['two spaces before the MAC', GOOD.replace('--- ', '---  ')],
    ['no MAC', GOOD.replace(` ${MAC_TEXT}`, '')],
    ['something after the MAC', GOOD.replace(MAC_TEXT, `${MAC_TEXT} extra`)],
    ['a footer glued to its dashes', GOOD.replace('--- ', '---')],
    ['two spaces in a stanza line', GOOD.replace('scrypt c2F', 'scrypt  c2F')],
    ['a trailing space in a stanza line', GOOD.replace(' 10\n', ' 10 \n')],
    ['a stanza line without a type', 'age-encryption.org/v1\n->\n\n--- ' + MAC_TEXT + '\n'],
    ['an arrow glued to the type', GOOD.replace('-> scrypt', '->scrypt')],
    ['a non-ASCII argument', GOOD.replace('scrypt', 'scrypt\xe9')],
    ['a body line of 68 columns', GOOD.replace(BODY_TEXT, `${BODY_TEXT}${'A'.repeat(25)}`)],
    ['a full body line with no final short line', serializeHeader([{ type: 'x', args: [], body: bytesOf(48) }], MAC).toString('latin1').replace('\n\n---', '\n---')],
    ['a stray line', GOOD.replace('--- ', 'hello\n--- ')],
    ['no recipient at all', `age-encryption.org/v1\n--- ${MAC_TEXT}\n`],
    ['a header larger than 64 KiB', `age-encryption.org/v1\n-> x ${'a'.repeat(70_000)}\n\n--- ${MAC_TEXT}\n`],
  ];
  it.each(damaged)('refuses a header with %s as damaged', async (_what, text) => {
    await expect(parse(text)).rejects.toMatchObject({ code: 'BACKUP_DAMAGED' });
  });
});
