import { constants, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generatePrivateKey } from '../../keys/generate';
import { canonicalJson } from '../../tuf/canonical-json';
import { checkRole } from '../../tuf/role-check';
import { parseSignedFile } from '../../tuf/signed-file';
import { readTufKey } from '../../tuf/tuf-key';
import { publicTufKey, rootCertificateKey } from './keys';
import { signMetadata } from './sign';
import { type MetadataSigner, signerFromPrivateKey } from './signer';

// Strings that canonical JSON writes raw (no escapes but " and \): the signature must be over exactly those bytes.
const signed = { _type: 'Targets', version: 1, expires: '2029-11-22T14:37:37Z', targets: { 'tag<&>\u2028é"\\': { length: 1, hashes: { sha256: 'x' } } }, delegations: { keys: {}, roles: [] } };

describe('signMetadata', () => {
  it.each(['ecdsa', 'ed25519', 'rsa'] as const)('signs canonical JSON of signed with %s so node:crypto and our verifier accept it', async (alg) => {
    const key = generatePrivateKey(alg);
    const signer = signerFromPrivateKey(key);
    const bytes = await signMetadata(signed, [signer]);
    const parsed = parseSignedFile(bytes);
    if (!parsed.ok) throw new Error(parsed.reason);
    const [sig] = parsed.file.signatures;
    expect(sig).toMatchObject({ keyid: key.id, method: { ecdsa: 'ecdsa', ed25519: 'eddsa', rsa: 'rsapss' }[alg] });
    const message = Buffer.from(canonicalJson(signed), 'utf8');
    const raw = Buffer.from(sig!.sig, 'base64');
    // Independently of our code: Node's own verify over the canonical bytes.
    if (alg === 'ed25519') {
      const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), key.publicBytes]);
      expect(verify(null, message, createPublicKey({ key: spki, format: 'der', type: 'spki' }), raw)).toBe(true);
    } else {
      const pub = createPublicKey({ key: key.publicBytes, format: 'der', type: 'spki' });
      const opts = alg === 'ecdsa' ? { key: pub, dsaEncoding: 'ieee-p1363' as const } : { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 };
      if (alg === 'ecdsa') expect(raw).toHaveLength(64); // raw r||s, not DER
      expect(verify('sha256', message, opts, raw)).toBe(true);
    }
    const k = publicTufKey(key);
    const check = checkRole(parsed.file, { role: 'targets', keyids: [k.id], threshold: 1, keys: new Map([[k.id, readTufKey(k.key)]]) });
    expect(check.met).toBe(true);
    // notary's layout: compact, `signed` (canonical) first, then the signatures.
    const doc = JSON.parse(bytes.toString('utf8')) as { signed: unknown; signatures: unknown };
    expect(bytes.toString('utf8')).toBe(`{"signed":${canonicalJson(doc.signed)},"signatures":${canonicalJson(doc.signatures)}}`);
  });

  it('signs a root as its certificate key ID, with the private key, and several signers in order', async () => {
    const a = generatePrivateKey('ecdsa');
    const b = generatePrivateKey('ecdsa');
    const ca = await rootCertificateKey(a, 'example.com/app', new Date());
    const cb = await rootCertificateKey(b, 'example.com/app', new Date());
    const bytes = await signMetadata(signed, [signerFromPrivateKey(a, ca), signerFromPrivateKey(b, cb)]);
    const p = parseSignedFile(bytes);
    if (!p.ok) throw new Error(p.reason);
    expect(p.file.signatures.map((s) => [s.keyid, s.method])).toEqual([
      [ca.id, 'ecdsa'],
      [cb.id, 'ecdsa'],
    ]);
    const keys = new Map([ca, cb].map((k) => [k.id, readTufKey(k.key)] as const));
    expect(checkRole(p.file, { role: 'root', keyids: [ca.id, cb.id], threshold: 2, keys }).validKeys).toBe(2);
  });

  it('refuses a signer listed as another key, one whose signature does not verify, and duplicates', async () => {
    const a = generatePrivateKey('ecdsa');
    const b = generatePrivateKey('ecdsa');
    expect(() => signerFromPrivateKey(a, publicTufKey(b))).toThrow(/not the public key/);
    expect(() => signerFromPrivateKey(a, { id: b.id, key: publicTufKey(a).key })).toThrow(/hashes to/);
    const liar: MetadataSigner = { ...signerFromPrivateKey(a), sign: async (m) => b.sign(m) };
    await expect(signMetadata(signed, [liar])).rejects.toThrow(/not valid/);
    const wrongMethod: MetadataSigner = { ...signerFromPrivateKey(a), method: 'eddsa' };
    await expect(signMetadata(signed, [wrongMethod])).rejects.toThrow(/not valid/);
    await expect(signMetadata(signed, [signerFromPrivateKey(a), signerFromPrivateKey(a)])).rejects.toThrow(/twice/);
    await expect(signMetadata(signed, [])).rejects.toThrow(/at least one/);
    await expect(signMetadata({ version: 1.5 }, [signerFromPrivateKey(a)])).rejects.toThrow(/safe integer/);
  });
});
