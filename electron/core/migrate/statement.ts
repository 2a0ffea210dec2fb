import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { VaultError } from '../errors';
import type { MetadataSigner } from '../publish/metadata/signer';
import { canonicalJson } from '../tuf/canonical-json';
import { checkRole } from '../tuf/role-check';
import { parseSignedFile, type SignedFile } from '../tuf/signed-file';
import { readTufKey, type TufKey } from '../tuf/tuf-key';
import type { TargetTool } from './sign-script';

/**
 * The transition statement: a small signed document telling consumers that the repository moves from content trust
 * to a new tool, with the new public key (cosign) or certificate (Notation) and the hash of the carried-over
 * inventory. It has the shape of a TUF metadata file ({signed, signatures} over the canonical JSON of `signed`,
 * notary's signature methods), signed by the repository's current targets key and, when the user has it, its root
 * key, so a consumer checks it with the root.json content trust already pinned for them.
 */

export const STATEMENT_TYPE = 'trust-vault/transition-statement';
const MAX_STATEMENT_BYTES = 256 * 1024;

export interface TransitionStatement {
  _type: typeof STATEMENT_TYPE;
  version: 1;
  repository: string;
  image: string;
  /** ISO 8601 date of the statement. */
  date: string;
  /** The root key IDs root.json lists today (x509 IDs), and the canonical IDs of those keys. */
  oldRootKeyIds: string[];
  oldTargetsKeyIds: string[];
  newTool: TargetTool;
  /** PEM of the new public key (cosign.pub) or certificate (Notation). */
  newPublicKey: string;
  /** True when the new tool's key is one of the repository's content-trust keys, re-encoded. */
  keyReused: boolean;
  inventorySha256: string;
  tagCount: number;
}

export async function signStatement(statement: TransitionStatement, signers: MetadataSigner[]): Promise<string> {
  if (signers.length === 0) throw new VaultError('INVALID_ARGUMENT', 'the statement needs at least the targets key to sign it');
  const message = Buffer.from(canonicalJson(statement), 'utf8');
  const signatures = [];
  for (const s of signers) signatures.push({ keyid: s.keyId, method: s.method, sig: (await s.sign(message)).toString('base64') });
  return `${JSON.stringify({ signed: statement, signatures }, null, 2)}\n`;
}

export interface StatementCheck {
  valid: boolean;
  /** Why it is not valid (empty when valid). */
  problems: string[];
  statement: TransitionStatement | null;
  signedByTargets: string[];
  signedByRoot: string[];
  /** SHA-256 of the DER public key inside newPublicKey, to compare with cosign.pub or the certificate. */
  newPublicKeySha256: string | null;
}

function specOf(root: SignedFile, role: 'root' | 'targets') {
  const s = root.signed as { keys?: Record<string, unknown>; roles?: Record<string, { keyids?: string[]; threshold?: number }> };
  const keys = new Map<string, TufKey>(Object.entries(s.keys ?? {}).map(([id, k]) => [id, readTufKey(k)]));
  const r = s.roles?.[role];
  return { role, keyids: Array.isArray(r?.keyids) ? r.keyids : [], threshold: Number.isSafeInteger(r?.threshold) ? r!.threshold! : 1, keys };
}

/**
 * Checks a statement against a root.json the consumer already trusts (pinned in their trust dir, or fetched and
 * verified against it): valid when the targets keys that root lists sign it to their threshold and it names the
 * same repository. A root signature is reported when present; a signature by any other key counts for nothing.
 */
export function verifyStatement(bytes: Buffer, trustedRoot: Buffer, gun?: string): StatementCheck {
  const problems: string[] = [];
  const none: StatementCheck = { valid: false, problems, statement: null, signedByTargets: [], signedByRoot: [], newPublicKeySha256: null };
  if (bytes.length > MAX_STATEMENT_BYTES) return { ...none, problems: [`the statement is ${bytes.length} bytes, more than a statement can be`] };
  const parsed = parseSignedFile(bytes);
  if (!parsed.ok) return { ...none, problems: [`not a signed statement: ${parsed.reason}`] };
  const root = parseSignedFile(trustedRoot);
  if (!root.ok) return { ...none, problems: [`the trusted root.json is unreadable: ${root.reason}`] };
  const st = parsed.file.signed as unknown as TransitionStatement;
  if (st._type !== STATEMENT_TYPE || st.version !== 1) problems.push(`not a ${STATEMENT_TYPE} version 1`);
  if (gun !== undefined && st.repository !== gun) problems.push(`it speaks for ${JSON.stringify(st.repository)}, not ${gun}`);
  const targets = checkRole(parsed.file, specOf(root.file, 'targets'));
  const rootCheck = checkRole(parsed.file, specOf(root.file, 'root'));
  const signedByTargets = targets.signatures.filter((s) => s.valid).map((s) => s.keyid);
  const signedByRoot = rootCheck.signatures.filter((s) => s.valid).map((s) => s.keyid);
  if (!targets.met) {
    const invalid = targets.signatures.filter((s) => !s.valid).map((s) => `${s.keyid.slice(0, 12)}…: ${s.reason ?? 'invalid'}`);
    problems.push(`not signed by the repository's targets key as the pinned root lists it (${targets.validKeys} valid of ${Math.max(1, specOf(root.file, 'targets').threshold)} needed${invalid.length ? `; ${invalid.join('; ')}` : ''})`);
  }
  let newPublicKeySha256: string | null = null;
  try {
    const der = publicKeyDer(st.newPublicKey);
    newPublicKeySha256 = createHash('sha256').update(der).digest('hex');
  } catch {
    problems.push('newPublicKey is not a PEM public key or certificate');
  }
  return { valid: problems.length === 0, problems, statement: st, signedByTargets, signedByRoot, newPublicKeySha256 };
}

/** The DER SubjectPublicKeyInfo of a PUBLIC KEY or CERTIFICATE PEM. */
function publicKeyDer(pem: unknown): Buffer {
  if (typeof pem !== 'string') throw new Error('no PEM');
  const key = pem.includes('BEGIN CERTIFICATE') ? new X509Certificate(pem).publicKey : createPublicKey(pem);
  return key.export({ type: 'spki', format: 'der' });
}
