import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { AGE_WORK_FACTOR, ageDecrypt, ageDecryptBuffer, ageEncrypt } from '../../electron/core/backup/age';
import { AGE_BIN, ageCliDecrypt, ageCliEncrypt, runWithPassphrase, shellQuote } from '../support/age-cli';
import { makeTempDir } from '../support/temp-dir';

const CHUNK = 64 * 1024;
const PASS = 'interop passphrase with ümlauts';
const SIZES: [string, number][] = [
  ['0 bytes', 0],
  ['1 byte', 1],
  ['exactly 64 KiB', CHUNK],
  ['64 KiB + 1', CHUNK + 1],
  ['about 1 MiB', 1024 * 1024 + 12_345],
];

/**
 * Our age against the real age CLI (Debian's 1.1.1), both ways: what we write, `age -d` opens; what `age -p`
 * writes, we open; and each side refuses the other's wrong passphrase, truncation and tampering.
 */
describe('age interop with the age CLI', () => {
  const tmp = makeTempDir('tv-age-interop-');
  afterAll(() => tmp.cleanup());
  let n = 0;
  const file = (name: string) => join(tmp.path, `${++n}-${name}`);
  const withFile = (name: string, bytes: Uint8Array) => {
    const path = file(name);
    writeFileSync(path, bytes);
    return path;
  };
  const cliEncrypted = async (plaintext: Buffer): Promise<Buffer> => {
    const out = file('cli.age');
    await ageCliEncrypt(withFile('plain', plaintext), out, PASS);
    return readFileSync(out);
  };
  const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as Error & { code?: string });

  it.each(SIZES)('age -d opens what we encrypt: %s', async (_name, size) => {
    const plaintext = randomBytes(size);
    const out = file('out');
    await ageCliDecrypt(withFile('ours.age', await ageEncrypt(plaintext, PASS, { workFactor: 10 })), out, PASS);
    expect(readFileSync(out).equals(plaintext)).toBe(true);
  });

  it('age -d opens what we encrypt at the default work factor', async () => {
    const plaintext = randomBytes(3 * CHUNK + 17);
    const ours = await ageEncrypt(plaintext, PASS);
    expect(ours.toString('latin1', 0, 100)).toContain(` ${AGE_WORK_FACTOR}\n`);
    const out = file('out');
    await ageCliDecrypt(withFile('ours.age', ours), out, PASS);
    expect(readFileSync(out).equals(plaintext)).toBe(true);
  });

  it.each(SIZES)('we open what age -p encrypts: %s', async (_name, size) => {
    const plaintext = randomBytes(size);
    const theirs = await cliEncrypted(plaintext);
    expect(theirs.toString('latin1', 0, 100)).toMatch(/^age-encryption\.org\/v1\n-> scrypt \S{22} 18\n/);
    expect((await ageDecryptBuffer(theirs, PASS)).equals(plaintext)).toBe(true);
  });

  it('streams what age -p encrypts from a file read in small pieces', async () => {
    const plaintext = randomBytes(5 * CHUNK + 3);
    const path = withFile('cli.age', await cliEncrypted(plaintext));
    const parts: Buffer[] = [];
    for await (const part of ageDecrypt(createReadStream(path, { highWaterMark: 1000 }), PASS)) parts.push(part);
    expect(Buffer.concat(parts).equals(plaintext)).toBe(true);
  });

  it('opens what `tar -czf - private | age -p` makes, typed as the bench does', async () => {
    const dir = file('src');
    mkdirSync(join(dir, 'private'), { recursive: true });
    writeFileSync(join(dir, 'private', 'a.key'), 'key material');
    await runWithPassphrase(`tar -czf - private | ${AGE_BIN} -p -o out.age`, PASS, { cwd: dir, confirm: true, timeoutMs: 30_000 });
    const tarGz = await ageDecryptBuffer(readFileSync(join(dir, 'out.age')), PASS);
    expect(gunzipSync(tarGz).toString('latin1')).toContain('key material');
  });

  describe('refusals', () => {
    it('a wrong passphrase, both ways', async () => {
      const theirs = await cliEncrypted(Buffer.from('secret'));
      expect(await failure(ageDecryptBuffer(theirs, 'not the passphrase'))).toMatchObject({ code: 'WRONG_PASSPHRASE' });
      const ours = withFile('ours.age', await ageEncrypt(Buffer.from('secret'), PASS, { workFactor: 10 }));
      expect(String(await failure(ageCliDecrypt(ours, file('out'), 'not the passphrase')))).toMatch(/incorrect passphrase/);
    });

    it('a truncated file, both ways', async () => {
      const plaintext = randomBytes(2 * CHUNK + 100);
      const theirs = await cliEncrypted(plaintext);
      for (const cut of [50, theirs.length - 100 - 16, theirs.length - 40, theirs.length - 1]) {
        expect(await failure(ageDecryptBuffer(theirs.subarray(0, cut), PASS)), `cut at ${cut}`).toMatchObject({ code: 'BACKUP_TRUNCATED' });
      }
      const ours = await ageEncrypt(plaintext, PASS, { workFactor: 10 });
      const cutOurs = withFile('cut.age', ours.subarray(0, ours.length - 40));
      expect(await failure(ageCliDecrypt(cutOurs, file('out'), PASS))).toBeInstanceOf(Error);
    });

    it('a tampered file, both ways', async () => {
      const plaintext = randomBytes(2 * CHUNK + 100);
      const theirs = await cliEncrypted(plaintext);
      const tampered = Buffer.from(theirs);
      tampered.writeUInt8(tampered.readUInt8(500) ^ 0x01, 500);
      expect(await failure(ageDecryptBuffer(tampered, PASS))).toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/part 1 of the encrypted data fails/) });
      const ours = await ageEncrypt(plaintext, PASS, { workFactor: 10 });
      ours.writeUInt8(ours.readUInt8(500) ^ 0x01, 500);
      expect(await failure(ageCliDecrypt(withFile('tampered.age', ours), file('out'), PASS))).toBeInstanceOf(Error);
    });

    it('a file age encrypted to a key is not a passphrase backup', async () => {
      const identity = file('key.txt');
      execFileSync('age-keygen', ['-o', identity], { stdio: 'ignore' });
      const recipient = execFileSync('age-keygen', ['-y', identity], { encoding: 'utf8' }).trim();
      const encrypted = file('to-key.age');
      execFileSync(AGE_BIN, ['-r', recipient, '-o', encrypted, withFile('plain', Buffer.from('x'))]);
      expect(await failure(ageDecryptBuffer(readFileSync(encrypted), PASS))).toMatchObject({
        code: 'NOT_A_BACKUP',
        message: expect.stringMatching(/encrypted to an age key, not a passphrase/),
      });
    });

    it('the CLI message comes through when age fails', async () => {
      const notAge = withFile('not.age', Buffer.from('just text\n'));
      const e = await failure(runWithPassphrase(`${AGE_BIN} -d -o ${shellQuote(file('out'))} ${shellQuote(notAge)}`, PASS));
      expect(String(e)).toMatch(/age: error/);
    });
  });
});
