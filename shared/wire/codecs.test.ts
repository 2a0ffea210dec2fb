import { describe, expect, it, vi } from 'vitest';
import { keyInfo } from '../../test/support/key-info';
import type { KeyListing } from '../dto/keys';
import { makeVaultApi } from '../vault-api';
import { answerDecoder, encodeAnswer } from './codecs';

const listing: KeyListing = {
  trustDir: '/t',
  keys: [keyInfo('a'.repeat(64)), keyInfo('b'.repeat(64), { role: 'root', gun: null, kind: 'root', writtenAt: '2026-12-01T10:00:00.000Z' })],
  notices: ['one leftover'],
};

describe('answer codecs', () => {
  it('carries keys.list as packed rows and gives the page the listing itself', async () => {
    const onTheWire: string[] = [];
    // Main's side encodes, the wire is JSON (as the harness carries it), makeVaultApi decodes.
    const invoke = vi.fn(async (channel: string) => {
      const text = JSON.stringify(encodeAnswer(channel, { ok: true, value: listing }));
      onTheWire.push(text);
      return JSON.parse(text) as unknown;
    });
    const vault = makeVaultApi(invoke);
    expect(await vault.keys.list({ trustDirId: 'docker' })).toEqual({ ok: true, value: listing });
    expect(invoke).toHaveBeenCalledExactlyOnceWith('vault:keys.list', { trustDirId: 'docker' });
    expect(JSON.parse(onTheWire[0]!).value.packed).toBe('key-rows/2');
    expect(onTheWire[0]!.length).toBeLessThan(JSON.stringify({ ok: true, value: listing }).length * 0.6);
  });

  it('leaves failures, other operations and answers of another shape as they are', () => {
    const failure = { ok: false, code: 'NOT_FOUND', message: 'no such folder' } as const;
    expect(encodeAnswer('vault:keys.list', failure)).toBe(failure);
    const other = { ok: true, value: listing } as const;
    expect(encodeAnswer('vault:keys.import', other)).toBe(other);
    expect(answerDecoder('vault:keys.import')).toBeNull();
    for (const value of [undefined, null, 'vault:keys.list', { channel: 'vault:keys.list' }, { keys: 'no' }]) {
      expect(encodeAnswer('vault:keys.list', { ok: true, value })).toEqual({ ok: true, value });
      expect(answerDecoder('vault:keys.list')!({ ok: true, value })).toEqual({ ok: true, value });
    }
    // An answer that is already a listing is not taken for a packed one.
    expect(answerDecoder('vault:keys.list')!({ ok: true, value: listing })).toEqual({ ok: true, value: listing });
  });
});
