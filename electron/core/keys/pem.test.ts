import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { VaultError } from '../errors';
import { decodePem, encodePem } from './pem';

const fixture = (name: string) => readFileSync(join(__dirname, '../../../test/fixtures/keys', name), 'utf8');

function expectBadFile(fn: () => unknown, reason: RegExp) {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(VaultError);
    expect((e as VaultError).code).toBe('BAD_KEY_FILE');
    expect((e as VaultError).message).toMatch(reason);
    return;
  }
  throw new Error('expected BAD_KEY_FILE');
}

describe('decodePem', () => {
  it('reads a notary key file: type, headers, bytes', () => {
    const [block, ...rest] = decodePem(fixture('notary-generate-o-key.pem'));
    expect(rest).toEqual([]);
    expect(block!.type).toBe('ENCRYPTED PRIVATE KEY');
    expect(block!.headers).toEqual({ role: 'targets/foo' });
    expect(block!.bytes.length).toBe(241);
  });

  it('re-encodes real notary and docker files byte for byte (Go pem.Encode)', () => {
    for (const name of ['notary-generate-o-key.pem', 'notary-generate-o.pem', 'notary-imported-rsa2048.key', 'docker-alice.pub', 'docker-alice.key']) {
      const text = fixture(name);
      expect(decodePem(text).map(encodePem).join('')).toBe(text);
    }
  });

  it('returns every block of a bundle in order, ignoring text between blocks', () => {
    const a = encodePem({ type: 'ENCRYPTED PRIVATE KEY', headers: { path: 'aa', role: 'root' }, bytes: Buffer.from('one') });
    const b = encodePem({ type: 'CERTIFICATE', headers: {}, bytes: Buffer.from('two') });
    const blocks = decodePem(`junk before\n${a}some words\r\n${b.replace(/\n/g, '\r\n')}trailing`);
    expect(blocks.map((x) => [x.type, x.bytes.toString()])).toEqual([
      ['ENCRYPTED PRIVATE KEY', 'one'],
      ['CERTIFICATE', 'two'],
    ]);
    expect(blocks[0]!.headers).toEqual({ path: 'aa', role: 'root' });
  });

  it('returns [] when there is no PEM at all', () => {
    expect(decodePem('')).toEqual([]);
    expect(decodePem('hello\nworld\n')).toEqual([]);
  });

  it('trims header names and values and splits at the first colon, as Go does', () => {
    const [b] = decodePem('-----BEGIN X-----\n DEK-Info :  AES-256-CBC,00 \nrole: a:b\n\nAAAA\n-----END X-----\n');
    expect(b!.headers).toEqual({ 'DEK-Info': 'AES-256-CBC,00', role: 'a:b' });
  });

  it('says what is wrong with a broken block', () => {
    const good = encodePem({ type: 'PRIVATE KEY', headers: { role: 'root' }, bytes: Buffer.alloc(100, 1) });
    expectBadFile(() => decodePem(good.slice(0, good.length - 30)), /missing END line \(the file is truncated\)/);
    expectBadFile(() => decodePem(good.replace('-----END PRIVATE KEY-----', '-----END RSA PRIVATE KEY-----')), /END line says "RSA PRIVATE KEY"/);
    expectBadFile(() => decodePem(good.replace('AQEB', 'AQ*B')), /bad base64 on line 4/);
    expectBadFile(() => decodePem(good.replace('AQEB', 'AQE')), /bad base64 \(length/);
    expectBadFile(() => decodePem('-----BEGIN X-----\nAA=A\n-----END X-----\n'), /misplaced padding/);
    expectBadFile(() => decodePem('-----BEGIN X-----\nAB==\n-----END X-----\n'), /non-canonical/);
    expectBadFile(() => decodePem(`${good}-----BEGIN PRIVATE KEY-----\nAAAA\n-----BEGIN X-----\n`), /block 2 .*missing END line/);
  });
});

describe('encodePem', () => {
  it('puts Proc-Type first, sorts the rest bytewise, wraps at 64 columns', () => {
    const text = encodePem({
      type: 'RSA PRIVATE KEY',
      headers: { role: 'r', 'DEK-Info': 'AES-256-CBC,00', 'Proc-Type': '4,ENCRYPTED', Zed: 'z' },
      bytes: Buffer.alloc(100, 0xff),
    });
    const lines = text.split('\n');
    expect(lines.slice(0, 6)).toEqual(['-----BEGIN RSA PRIVATE KEY-----', 'Proc-Type: 4,ENCRYPTED', 'DEK-Info: AES-256-CBC,00', 'Zed: z', 'role: r', '']);
    // 100 bytes = 136 base64 characters: 64 + 64 + 8.
    expect(lines.slice(6, 9).map((l) => l.length)).toEqual([64, 64, 8]);
    expect(text.endsWith('-----END RSA PRIVATE KEY-----\n')).toBe(true);
  });

  it('writes no blank line without headers, and nothing for empty bytes', () => {
    expect(encodePem({ type: 'X', headers: {}, bytes: Buffer.alloc(0) })).toBe('-----BEGIN X-----\n-----END X-----\n');
    expect(encodePem({ type: 'X', headers: {}, bytes: Buffer.from([1]) })).toBe('-----BEGIN X-----\nAQ==\n-----END X-----\n');
  });

  it('refuses headers that would break the format (e.g. a role with a newline)', () => {
    const enc = (headers: Record<string, string>) => () => encodePem({ type: 'X', headers, bytes: Buffer.alloc(1) });
    expect(enc({ role: 'a\ngun: evil' })).toThrow(/line break/);
    expect(enc({ 'a:b': 'c' })).toThrow(/colon/);
  });
});
