import { describe, expect, it } from 'vitest';
import { certKey, ecdsaKey, ed25519Key, rsaKey } from '../../../test/support/tuf-repo';
import { keyIdOf } from '../keys/key-id';
import { readTufKey } from '../tuf/tuf-key';
import { parseServerKey } from './server-key';

const answer = (o: unknown) => Buffer.from(JSON.stringify(o));

describe('parseServerKey', () => {
  it('reads the server\'s non-canonical answer and gives the ID root.json would list the key under', () => {
    const k = ed25519Key();
    // notary-server writes keyval before keytype, with private null: not canonical JSON.
    const r = parseServerKey(Buffer.from(`{"keyval":{"private":null,"public":"${k.tuf.keyval.public}"},"keytype":"ed25519"}\n`));
    expect(r).toEqual({ ok: true, key: { key: k.tuf, id: k.id } });
    expect(r.ok && r.key.id).toBe(readTufKey(k.tuf).id);
  });

  it('accepts every notary key type', () => {
    for (const k of [ecdsaKey(), rsaKey(), certKey('ecdsa', 'example.com/app')]) {
      const r = parseServerKey(answer(k.tuf));
      expect(r.ok && r.key.id, k.type).toBe(k.id);
    }
  });

  it('puts a public key with non-zero padding bits in canonical form, and hashes that (as Go re-encodes it)', () => {
    const k = ed25519Key();
    const pub = k.tuf.keyval.public;
    const last = pub.at(-2)!;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const sloppy = `${pub.slice(0, -2)}${alphabet[alphabet.indexOf(last) ^ 1]}=`;
    expect(sloppy).not.toBe(pub);
    const r = parseServerKey(answer({ keytype: 'ed25519', keyval: { public: sloppy, private: null } }));
    expect(r.ok && r.key.key.keyval.public).toBe(pub);
    expect(r.ok && r.key.id).toBe(keyIdOf('ed25519', Buffer.from(sloppy, 'base64')));
  });

  it.each([
    ['not JSON', Buffer.from('<html>'), /not JSON/],
    ['an array', answer([]), /not a JSON object/],
    ['no keytype', answer({ keyval: { public: 'AA==' } }), /no keytype/],
    ['an unknown keytype', answer({ keytype: 'dsa', keyval: { public: 'AA==', private: null } }), /unknown key type "dsa"/],
    ['no keyval', answer({ keytype: 'ed25519' }), /no keyval/],
    ['a private key', answer({ keytype: 'ed25519', keyval: { public: ed25519Key().tuf.keyval.public, private: 'c2VjcmV0' } }), /carries a private key/],
    ['no public key', answer({ keytype: 'ed25519', keyval: { public: '', private: null } }), /no public key/],
    ['a non-base64 public key', answer({ keytype: 'ed25519', keyval: { public: 'not base64!', private: null } }), /not padded standard base64/],
    ['unpadded base64', answer({ keytype: 'ed25519', keyval: { public: 'AAA', private: null } }), /not padded standard base64/],
    ['an ed25519 key of the wrong size', answer({ keytype: 'ed25519', keyval: { public: Buffer.alloc(31).toString('base64'), private: null } }), /ed25519 key of 31 bytes/],
    ['an ecdsa key that is not one', answer({ keytype: 'ecdsa', keyval: { public: Buffer.from('garbage').toString('base64'), private: null } }), /unreadable ecdsa key/],
    ['an x509 key that is no certificate', answer({ keytype: 'ecdsa-x509', keyval: { public: Buffer.from('garbage').toString('base64'), private: null } }), /unreadable ecdsa-x509 key/],
    ['a huge answer', Buffer.alloc(70_000, 0x20), /too large/],
  ])('refuses %s', (_what, bytes, reason) => {
    const r = parseServerKey(bytes);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(reason);
  });
});
