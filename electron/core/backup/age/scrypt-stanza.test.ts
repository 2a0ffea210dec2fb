import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Stanza } from './header';
import { passphraseStanzaOf, unwrapFileKey, wrapFileKey } from './scrypt-stanza';

const FAST = 10;

describe('scrypt stanza', () => {
  it('wraps a file key that the same passphrase unwraps', async () => {
    const fileKey = randomBytes(16);
    const stanza = await wrapFileKey(fileKey, 'correct horse', FAST);
    expect(stanza.type).toBe('scrypt');
    expect(stanza.args[0]).toMatch(/^[A-Za-z0-9+/]{22}$/);
    expect(stanza.args[1]).toBe('10');
    expect(stanza.body).toHaveLength(32);
    expect(await unwrapFileKey(stanza, 'correct horse', 20)).toEqual(fileKey);
  });

  it('uses a fresh salt each time', async () => {
    const fileKey = randomBytes(16);
    const [a, b] = await Promise.all([wrapFileKey(fileKey, 'p', FAST), wrapFileKey(fileKey, 'p', FAST)]);
    expect(a.args[0]).not.toBe(b.args[0]);
  });

  it('encodes the passphrase as UTF-8, so a different normalisation is a different passphrase', async () => {
    const stanza = await wrapFileKey(randomBytes(16), 'caf\u00e9 \u{1f511}', FAST);
    await expect(unwrapFileKey(stanza, 'caf\u00e9 \u{1f511}', 20)).resolves.toHaveLength(16);
    await expect(unwrapFileKey(stanza, 'cafe\u0301 \u{1f511}', 20)).rejects.toMatchObject({ code: 'WRONG_PASSPHRASE' });
  });

  it('says a wrong passphrase does not open the backup, without repeating it', async () => {
    const stanza = await wrapFileKey(randomBytes(16), 'right one', FAST);
    const error = await unwrapFileKey(stanza, 'wrong one', 20).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'WRONG_PASSPHRASE', message: 'The passphrase does not open this backup' });
    expect(String((error as Error).message)).not.toContain('wrong one');
  });

  it('refuses a work factor above the maximum, saying how much memory it would take', async () => {
    const stanza = await wrapFileKey(randomBytes(16), 'p', FAST);
    const heavy = { ...stanza, args: [stanza.args[0]!, '22'] };
    await expect(unwrapFileKey(heavy, 'p', 20)).rejects.toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/work factor 22 \(4 GiB.*above 20 \(1 GiB\)/) });
    await expect(unwrapFileKey(stanza, 'p', 9)).rejects.toMatchObject({ code: 'BACKUP_DAMAGED', message: expect.stringMatching(/work factor 10/) });
    const absurd = { ...stanza, args: [stanza.args[0]!, '99999999999999999999'] };
    await expect(unwrapFileKey(absurd, 'p', 20)).rejects.toMatchObject({ code: 'BACKUP_DAMAGED' });
  });

  it.each([
    ['a leading zero in the work factor', (s: Stanza) => ({ ...s, args: [s.args[0]!, '010'] })],
    ['a zero work factor', (s: Stanza) => ({ ...s, args: [s.args[0]!, '0'] })],
    ['a signed work factor', (s: Stanza) => ({ ...s, args: [s.args[0]!, '+10'] })],
    ['a hexadecimal work factor', (s: Stanza) => ({ ...s, args: [s.args[0]!, '0xa'] })],
    ['a short salt', (s: Stanza) => ({ ...s, args: ['c2FsdA', s.args[1]!] })],
    ['a padded salt', (s: Stanza) => ({ ...s, args: [`${s.args[0]!}==`, s.args[1]!] })],
    ['a missing work factor', (s: Stanza) => ({ ...s, args: [s.args[0]!] })],
    ['an extra argument', (s: Stanza) => ({ ...s, args: [...s.args, 'x'] })],
    ['a longer wrapped key', (s: Stanza) => ({ ...s, body: Buffer.concat([s.body, Buffer.alloc(1)]) })],
    ['a shorter wrapped key', (s: Stanza) => ({ ...s, body: s.body.subarray(1) })],
  ])('refuses a stanza with %s as damaged', async (_what, spoil) => {
    const stanza = await wrapFileKey(randomBytes(16), 'p', FAST);
    await expect(unwrapFileKey(spoil(stanza), 'p', 20)).rejects.toMatchObject({ code: 'BACKUP_DAMAGED' });
  });

  describe('choosing the passphrase stanza', () => {
    const scrypt: Stanza = { type: 'scrypt', args: ['x', '10'], body: Buffer.alloc(32) };
    const x25519: Stanza = { type: 'X25519', args: ['y'], body: Buffer.alloc(32) };

    it('takes the only scrypt stanza', () => {
      expect(passphraseStanzaOf([scrypt])).toBe(scrypt);
    });

    it('says a file for age keys is not a passphrase backup', () => {
      expect(() => passphraseStanzaOf([x25519, x25519])).toThrow(expect.objectContaining({ code: 'NOT_A_BACKUP', message: expect.stringMatching(/encrypted to an age key, not a passphrase/) }));
      expect(() => passphraseStanzaOf([{ ...x25519, type: 'ssh-ed25519' }])).toThrow(expect.objectContaining({ code: 'NOT_A_BACKUP', message: expect.stringMatching(/ssh-ed25519/) }));
    });

    it('refuses a passphrase mixed with other recipients, or two passphrases, as age does', () => {
      expect(() => passphraseStanzaOf([x25519, scrypt])).toThrow(expect.objectContaining({ code: 'BACKUP_DAMAGED' }));
      expect(() => passphraseStanzaOf([scrypt, scrypt])).toThrow(expect.objectContaining({ code: 'BACKUP_DAMAGED' }));
    });
  });
});
