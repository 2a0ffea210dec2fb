import { expect, it } from 'vitest';
import { MIN_PASSPHRASE_LENGTH as shared } from '../../../../shared/schemas';
import { MIN_PASSPHRASE_LENGTH, checkNewPassphrase } from './passphrase-rules';

it('uses the same minimum as the contract, and refuses shorter passphrases', () => {
  expect(MIN_PASSPHRASE_LENGTH).toBe(shared);
  expect(() => checkNewPassphrase('1234567')).toThrow(/at least 8/);
  expect(checkNewPassphrase('12345678')).toBe('12345678');
  expect(() => checkNewPassphrase(undefined)).toThrow(/needed/);
});
