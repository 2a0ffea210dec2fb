import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { lstatSync, readdirSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import type { MigrationKitResult } from '../../../shared/dto/migrate';
import { VaultError } from '../errors';
import { writeNewFilesAtomically, type FileToWrite } from '../fs/atomic-write';
import { ensureSecureDir } from '../fs/secure-dir';
import { generatePrivateKey } from '../keys/generate';
import type { PrivateKey } from '../keys/private-key';
import { checkNewPassphrase } from '../keys/store/passphrase-rules';
import { findKeyFiles } from '../keys/store/scan';
import type { RootSigned } from '../publish/metadata/roles';
import type { MetadataSigner } from '../publish/metadata/signer';
import { decryptKeyFile, keyUsable, signerForRole } from '../publish/role-signers';
import { readTufKey } from '../tuf/tuf-key';
import { certificateDer } from '../tuf/x509';
import { consumerNotice, publisherChecklist, type NoticeFacts } from './consumer-notice';
import { type CosignLabel, writeCosignKey } from './cosign-key';
import { buildInventory, inventorySha256 } from './inventory';
import { certificatePem, notationCertificate, notationKeyPem, subjectString, type NotationSubject } from './notation-cert';
import { checkNotationName, notationConfigDir, signingKeysJson, trustPolicyJson } from './notation-config';
import { notationViolations } from './notation-rules';
import { signScript, type TargetTool } from './sign-script';
import { signStatement, STATEMENT_TYPE, type TransitionStatement } from './statement';
import type { VerifiedTrustData } from './trust-data';

/**
 * Writes a migration kit: the key in the new tool's format (the repository's own key re-encoded, or a new one),
 * the verified inventory, the reviewed signing script, the signed transition statement and the texts for people,
 * all directly in one folder that is new or empty. Everything is computed first; the files are then written all
 * or none (writeNewFilesAtomically), so a failure leaves the folder as it was.
 */

export type KitKeyChoice = { kind: 'targets' } | { kind: 'existing'; id: string } | { kind: 'new' };

export interface KitRequest {
  trustDir: string;
  to: TargetTool;
  outDir: string;
  key: KitKeyChoice;
  /** The passphrase of the existing key's file (and of the targets key when it is the same key). */
  keyPassphrase?: string;
  /** The passphrase for cosign.key. */
  newPassphrase?: string;
  /** The targets key's passphrase, to sign the statement (defaults to keyPassphrase). */
  targetsPassphrase?: string;
  /** The root key's passphrase: when given and the root key is here, the root key signs the statement too. */
  rootPassphrase?: string;
  image?: string;
  cosignLabel?: CosignLabel;
  notation?: { name: string; subject: NotationSubject; validDays: number };
  data: VerifiedTrustData;
  now: Date;
}

/** What a kit holds, as the UI and the CLI show it. */
export type KitResult = MigrationKitResult;

function checkOutDir(dir: string): boolean {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) throw new VaultError('INVALID_ARGUMENT', `${dir} is not a folder`);
    if (readdirSync(dir).length > 0) throw new VaultError('INVALID_ARGUMENT', `${dir} is not empty: a kit is written only into a new or empty folder`);
    return false;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return true;
    throw e;
  }
}

/** Every canonical key ID the repository's roles and delegations name. */
function repositoryKeyIds(data: VerifiedTrustData): Set<string> {
  const ids = new Set<string>();
  for (const r of data.roles) for (const k of r.keys) ids.add(k.canonicalId ?? k.id);
  for (const d of data.delegations) for (const k of d.keys) ids.add(k.canonicalId ?? k.id);
  return ids;
}

function rootSignedOf(data: VerifiedTrustData): RootSigned {
  return (JSON.parse(data.rootJson.toString('utf8')) as { signed: RootSigned }).signed;
}

/** Why Notation would refuse each certificate root.json holds (notary sets keyEncipherment, for one). */
export function notaryCertificateProblems(root: RootSigned, now: Date): string[] {
  const out = new Set<string>();
  for (const k of Object.values(root.keys)) {
    if (!k.keytype.endsWith('-x509')) continue;
    try {
      const der = certificateDer(Buffer.from(k.keyval.public, 'base64').toString('utf8'));
      for (const p of notationViolations(der, now)) out.add(p);
    } catch {
      /* an unreadable certificate has failed verification already */
    }
  }
  return [...out];
}

function exportedKey(req: KitRequest, root: RootSigned): { key: PrivateKey; fresh: boolean } {
  if (req.key.kind === 'new') return { key: generatePrivateKey('ecdsa'), fresh: true };
  const id = req.key.kind === 'existing' ? req.key.id : (() => {
    const listed = root.roles.targets.keyids.map((k) => readTufKey(root.keys[k]).canonicalId ?? k);
    const here = listed.find((k) => keyUsable(req.trustDir, k));
    if (!here) throw new VaultError('NOT_FOUND', `no targets key of ${req.data.gun} is in ${req.trustDir}; choose --key-id or --new-key`);
    return here;
  })();
  if (!/^[0-9a-f]{64}$/.test(id)) throw new VaultError('INVALID_ARGUMENT', `not a key ID: ${JSON.stringify(id)}`);
  if (!keyUsable(req.trustDir, id)) {
    const broken = findKeyFiles(req.trustDir, id)[0];
    throw new VaultError('NOT_FOUND', broken
      ? `key ${id}: ${broken.problem?.reason ?? 'its file is unusable'}`
      : `key ${id} has no file in ${req.trustDir}. A key held on a hardware token is never exported: use a new key (--new-key) instead`);
  }
  return { key: decryptKeyFile(req.trustDir, id, req.keyPassphrase, 'the key to export'), fresh: false };
}

function statementSigners(req: KitRequest, root: RootSigned, exported: PrivateKey, notes: string[]): { signers: MetadataSigner[]; keys: PrivateKey[] } {
  const keys: PrivateKey[] = [];
  const targetsPass = req.targetsPassphrase ?? req.keyPassphrase;
  const t = signerForRole(req.trustDir, root, 'targets', targetsPass);
  keys.push(t.key);
  const signers = [t.signer];
  const rootHere = root.roles.root.keyids.some((k) => keyUsable(req.trustDir, readTufKey(root.keys[k]).canonicalId ?? k));
  if (rootHere && req.rootPassphrase !== undefined) {
    const r = signerForRole(req.trustDir, root, 'root', req.rootPassphrase);
    keys.push(r.key);
    signers.push(r.signer);
  } else notes.push(rootHere ? 'the root key is here but no root passphrase was given: the statement is signed by the targets key only' : 'the root key is not here (offline or on a token): the statement is signed by the targets key only');
  if (exported.id === t.key.id) notes.push('the new tool signs with the repository\'s targets key itself');
  return { signers, keys };
}

export async function writeKit(req: KitRequest): Promise<KitResult> {
  const { data, now, to } = req;
  const created = checkOutDir(req.outDir);
  const notationName = to === 'notation' ? checkNotationName(req.notation?.name ?? '') : '';
  if (to === 'cosign') checkNewPassphrase(req.newPassphrase);
  if (to === 'notation' && !req.notation) throw new VaultError('INVALID_ARGUMENT', 'a Notation kit needs a key name, a certificate subject and a validity');
  const root = rootSignedOf(data);
  const inv = buildInventory(data, req.image ?? data.gun);
  const invHash = inventorySha256(inv);
  const notes: string[] = data.warnings.map((w) => `trust data warning ${w.code}: ${w.message}`);
  const { key, fresh } = exportedKey(req, root);
  const held: PrivateKey[] = [key];
  try {
    const files: FileToWrite[] = [];
    const at = (name: string, text: string) => files.push({ path: join(req.outDir, name), data: text });
    let newPublic: string;
    let subject: string | null = null;
    if (to === 'cosign') {
      const pair = writeCosignKey(key, req.newPassphrase!, req.cosignLabel);
      at('cosign.key', pair.privatePem);
      at('cosign.pub', pair.publicPem);
      newPublic = pair.publicPem;
    } else {
      const n = req.notation!;
      const der = notationCertificate({ key, subject: n.subject, notBefore: now, validDays: n.validDays });
      const problems = notationViolations(der, new Date(now.getTime() + 1000));
      if (problems.length) throw new VaultError('INTERNAL', `the certificate made would not pass Notation's rules: ${problems.join('; ')}`);
      subject = subjectString(n.subject);
      newPublic = certificatePem(der);
      at(`${notationName}.key`, notationKeyPem(key));
      at(`${notationName}.crt`, newPublic);
      at('signingkeys.json', signingKeysJson(notationName, notationConfigDir()));
      at('trustpolicy.json', trustPolicyJson(notationName, inv.image, subject));
    }
    const keyReused = !fresh && repositoryKeyIds(data).has(key.id);
    const { signers, keys } = statementSigners(req, root, key, notes);
    held.push(...keys);
    const rootKeyIds = root.roles.root.keyids;
    const statement: TransitionStatement = {
      _type: STATEMENT_TYPE,
      version: 1,
      repository: data.gun,
      image: inv.image,
      date: now.toISOString(),
      oldRootKeyIds: [...new Set([...rootKeyIds, ...rootKeyIds.map((k) => readTufKey(root.keys[k]).canonicalId ?? k)])].sort(),
      oldTargetsKeyIds: [...root.roles.targets.keyids].sort(),
      newTool: to,
      newPublicKey: newPublic,
      keyReused,
      inventorySha256: invHash,
      tagCount: inv.tags.length,
    };
    const statementText = await signStatement(statement, signers);
    const spkiOfNew = newPublic.includes('CERTIFICATE') ? new X509Certificate(newPublic).publicKey : null;
    const facts: NoticeFacts = {
      tool: to,
      inv,
      inventorySha256: invHash,
      newPublicKeySha256: createHash('sha256').update((spkiOfNew ?? createPublicKey(newPublic)).export({ type: 'spki', format: 'der' })).digest('hex'),
      notationName,
      subject,
      notaryCertProblems: to === 'notation' ? notaryCertificateProblems(root, now) : [],
      server: data.server,
    };
    at('inventory.json', `${JSON.stringify(inv, null, 2)}\n`);
    at(`sign-with-${to}.sh`, signScript(inv, to, notationName, now.toISOString()));
    at('transition-statement.json', statementText);
    at('NOTICE.md', consumerNotice(facts));
    at('CHECKLIST.md', publisherChecklist(facts, fresh));
    if (created) ensureSecureDir(req.outDir);
    try {
      writeNewFilesAtomically(files);
    } catch (e) {
      if (created) rmdirQuietly(req.outDir);
      throw e;
    }
    return {
      outDir: req.outDir,
      tool: to,
      files: files.map((f) => f.path.slice(req.outDir.length + 1)),
      keyId: key.id,
      newKey: fresh,
      keyReused,
      tagCount: inv.tags.length,
      inventorySha256: invHash,
      statementSignedBy: { targets: [signers[0]!.keyId], root: signers.slice(1).map((s) => s.keyId) },
      notes,
    };
  } finally {
    held.forEach((k) => k.wipe());
  }
}

function rmdirQuietly(dir: string): void {
  try {
    rmdirSync(dir);
  } catch {
    /* not empty or gone: leave it */
  }
}
