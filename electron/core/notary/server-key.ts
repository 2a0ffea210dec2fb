import { keyIdOf, type KeyType } from '../keys/key-id';
import { readTufKey } from '../tuf/tuf-key';

/** A public TUF key as notary-server hands out for `timestamp.key` / `snapshot.key`. */
export interface TufPublicKey {
  keytype: KeyType;
  keyval: { public: string; private: null };
}

export interface ServerKey {
  key: TufPublicKey;
  /** hex SHA-256 of the key's canonical JSON: the ID root.json lists it under (NOTARY.md section 3). */
  id: string;
}

const KEY_TYPES: readonly string[] = ['ed25519', 'ecdsa', 'rsa', 'ecdsa-x509', 'rsa-x509'];
const MAX_KEY_ANSWER = 64 * 1024;

/**
 * Reads the server's reply to `GET|POST /v2/<gun>/_trust/tuf/<role>.key`: `{"keytype","keyval":{"public","private":null}}`
 * (not canonical JSON). Returns the key in canonical form with its ID, computed the way `tuf-key.ts` computes the
 * ID of a key met in metadata (`keyIdOf` over the decoded public bytes), or the reason the answer is refused.
 */
export function parseServerKey(bytes: Buffer): { ok: true; key: ServerKey } | { ok: false; reason: string } {
  const no = (reason: string) => ({ ok: false as const, reason });
  if (bytes.length > MAX_KEY_ANSWER) return no(`the answer is ${bytes.length} bytes, too large for a public key`);
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    return no('the answer is not JSON');
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return no('the answer is not a JSON object');
  const { keytype, keyval } = doc as { keytype?: unknown; keyval?: unknown };
  if (typeof keytype !== 'string') return no('the answer has no keytype');
  if (!KEY_TYPES.includes(keytype)) return no(`unknown key type ${JSON.stringify(keytype.slice(0, 40))}`);
  if (typeof keyval !== 'object' || keyval === null || Array.isArray(keyval)) return no('the answer has no keyval object');
  const { public: pub, private: priv } = keyval as { public?: unknown; private?: unknown };
  // A server never holds out a private key; one that does is not a notary server to trust with a publish.
  if (priv !== null && priv !== undefined) return no('the answer carries a private key (keyval.private must be null)');
  if (typeof pub !== 'string' || pub.length === 0) return no('the answer has no public key');
  if (pub.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(pub)) return no('the public key is not padded standard base64');
  const read = readTufKey({ keytype, keyval: { public: pub } });
  if (read.error) return no(read.error);
  const type = keytype as KeyType;
  const canonical = Buffer.from(pub, 'base64').toString('base64');
  const id = keyIdOf(type, Buffer.from(pub, 'base64'));
  return { ok: true, key: { key: { keytype: type, keyval: { public: canonical, private: null } }, id } };
}
