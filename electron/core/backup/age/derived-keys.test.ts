import { describe, expect, it } from 'vitest';
import { DerivedKeys } from './derived-keys';
import { ageDecryptBuffer, ageEncrypt } from './index';

/** One operation's scrypt results: a second decryption of the same file skips scrypt, and checks everything else. */
describe('DerivedKeys', () => {
  const plaintext = Buffer.from('the archive');

  it('lets the read-back of a file just written reuse its scrypt result', async () => {
    const memo = new DerivedKeys();
    const file = await ageEncrypt(plaintext, 'backup passphrase', { workFactor: 10, derivedKeys: memo });
    const salt = Buffer.from(/-> scrypt (\S+) 10/.exec(file.toString('latin1'))![1]!, 'base64');
    expect(memo.get('backup passphrase', salt, 10)).toHaveLength(32);
    expect(await ageDecryptBuffer(file, 'backup passphrase', { derivedKeys: memo })).toEqual(plaintext);
  });

  it('misses for another passphrase or salt, so a wrong passphrase or an altered stanza still fail', async () => {
    const memo = new DerivedKeys();
    const file = await ageEncrypt(plaintext, 'backup passphrase', { workFactor: 10, derivedKeys: memo });
    const { ageDecrypt } = await import('./index');
    const drain = async (bytes: Buffer, pass: string) => {
      for await (const _ of ageDecrypt((async function* () { yield bytes; })(), pass, { derivedKeys: memo })) void _;
    };
    await expect(drain(file, 'another passphrase')).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
    const text = file.toString('latin1');
    const bodyAt = text.indexOf('\n', text.indexOf('-> scrypt')) + 1;
    const altered = Buffer.from(file);
    altered[bodyAt + 3] = altered[bodyAt + 3] === 0x41 ? 0x42 : 0x41;
    await expect(drain(altered, 'backup passphrase')).rejects.toMatchObject({ code: expect.stringMatching(/WRONG_PASSPHRASE|BACKUP_DAMAGED/) });
    const payload = Buffer.from(file);
    payload[payload.length - 1] = payload[payload.length - 1]! ^ 1;
    // A short final chunk cannot tell cut from altered (see payload-stream.ts); either way it is refused.
    await expect(drain(payload, 'backup passphrase')).rejects.toMatchObject({ code: expect.stringMatching(/BACKUP_DAMAGED|BACKUP_TRUNCATED/) });
  });

  it('is wiped when the operation ends', async () => {
    const memo = new DerivedKeys();
    const file = await ageEncrypt(plaintext, 'backup passphrase', { workFactor: 10, derivedKeys: memo });
    const salt = Buffer.from(/-> scrypt (\S+) 10/.exec(file.toString('latin1'))![1]!, 'base64');
    const key = memo.get('backup passphrase', salt, 10)!;
    memo.wipe();
    expect(key.every((b) => b === 0)).toBe(true);
    expect(memo.get('backup passphrase', salt, 10)).toBeUndefined();
  });
});
