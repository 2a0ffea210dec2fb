import { VaultError } from '../../errors';
import { canonicalJson } from '../../tuf/canonical-json';
import { readTufKey } from '../../tuf/tuf-key';
import { checkSignature } from '../../tuf/verify-signature';
import type { MetadataSigner } from './signer';

export interface Signature {
  keyid: string;
  method: string;
  sig: string;
}

/**
 * Signs `signed` with each signer and returns the file bytes laid out as notary writes them (Go's json.Marshal of
 * its Signed struct): `{"signed":<canonical JSON>,"signatures":[{"keyid","method","sig"}]}`, compact, `signed`
 * first. That is not canonical at the top level (canonical would sort "signatures" first); it need not be, as
 * clients recompute canonical JSON of `signed`, but matching notary keeps our files indistinguishable from its.
 * The signature is over canonicalJson(signed), as the verifier recomputes it. Each signature is checked with the
 * key the signer is listed as, by the same code the status verifier uses, before it goes into the file: a wrong
 * key ID or a signer that returns junk is an error here, not a repository that fails for every client later.
 */
export async function signMetadata(signed: object, signers: MetadataSigner[]): Promise<Buffer> {
  if (signers.length === 0) throw new VaultError('INVALID_ARGUMENT', 'metadata needs at least one signer');
  const ids = signers.map((s) => s.keyId);
  if (new Set(ids).size !== ids.length) throw new VaultError('INVALID_ARGUMENT', 'the same key cannot sign twice');
  const message = Buffer.from(canonicalJson(signed), 'utf8');
  const signatures: Signature[] = [];
  for (const s of signers) {
    const key = readTufKey(s.publicKey);
    if (key.error) throw new VaultError('INVALID_ARGUMENT', `signer ${s.keyId}: ${key.error}`);
    if (key.id !== s.keyId) throw new VaultError('INVALID_ARGUMENT', `signer ${s.keyId} carries a key that hashes to ${key.id}`);
    const sig = Buffer.from(await s.sign(message));
    const why = checkSignature(key, s.method, sig, message);
    if (why) throw new VaultError('INTERNAL', `the ${s.method} signature by ${s.keyId} is not valid: ${why}`);
    signatures.push({ keyid: s.keyId, method: s.method, sig: sig.toString('base64') });
  }
  return Buffer.from(`{"signed":${message.toString('utf8')},"signatures":${canonicalJson(signatures)}}`, 'utf8');
}
