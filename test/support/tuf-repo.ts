import { notaryTime } from '../../electron/core/publish/metadata/expiry';
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { canonicalJson } from '../../electron/core/tuf/canonical-json';
import { keyIdOf, type KeyType } from '../../electron/core/keys/key-id';

/**
 * Notary-shaped TUF repositories made by the tests themselves, for the cases the notary CLI cannot make (RSA and
 * Ed25519 delegations, paths, thresholds, bad certificates). Keys are node:crypto's; certificates are openssl's.
 */
export interface TestKey {
  id: string;
  type: KeyType;
  tuf: { keytype: KeyType; keyval: { private: null; public: string } };
  method: string;
  sign: (message: Buffer) => Buffer;
}

const keyOf = (type: KeyType, publicBytes: Buffer, method: string, signer: (m: Buffer) => Buffer): TestKey => ({
  id: keyIdOf(type, publicBytes),
  type,
  tuf: { keytype: type, keyval: { private: null, public: publicBytes.toString('base64') } },
  method,
  sign: signer,
});

const spki = (k: KeyObject) => k.export({ type: 'spki', format: 'der' });
const ecSigner = (key: KeyObject) => (m: Buffer) => sign('sha256', m, { key, dsaEncoding: 'ieee-p1363' });
const rsaSigner = (key: KeyObject, method: string) => (m: Buffer) =>
  sign('sha256', m, { key, padding: method === 'rsapss' ? 6 : 1, saltLength: 32 }); // 6 = PSS, 1 = PKCS#1 v1.5

export function ecdsaKey(): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return keyOf('ecdsa', spki(publicKey), 'ecdsa', ecSigner(privateKey));
}

export function ed25519Key(): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return keyOf('ed25519', spki(publicKey).subarray(-32), 'eddsa', (m) => sign(null, m, privateKey));
}

export function rsaKey(method: 'rsapss' | 'rsapkcs1v15' = 'rsapss'): TestKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return keyOf('rsa', spki(publicKey), method, rsaSigner(privateKey, method));
}

/** A self-signed certificate key made by openssl: CN, CA flag and lifetime as asked. */
export function certKey(kind: 'ecdsa' | 'rsa', cn: string, options: { ca?: boolean; days?: number } = {}): TestKey & { pem: string } {
  const dir = mkdtempSync(join(tmpdir(), 'tv-cert-'));
  try {
    const newkey = kind === 'ecdsa' ? ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256'] : ['-newkey', 'rsa:2048'];
    execFileSync('openssl', ['req', '-x509', ...newkey, '-nodes', '-keyout', join(dir, 'k'), '-out', join(dir, 'c'), '-days', String(options.days ?? 3650),
      '-subj', `/CN=${cn.replace(/\//g, '\\/')}`, '-addext', `basicConstraints=critical,CA:${options.ca ? 'TRUE' : 'FALSE'}`], { stdio: 'ignore' });
    const pem = readFileSync(join(dir, 'c'), 'utf8');
    const key = createPrivateKey(readFileSync(join(dir, 'k')));
    const signer = kind === 'ecdsa' ? ecSigner(key) : rsaSigner(key, 'rsapss');
    return { ...keyOf(`${kind}-x509`, Buffer.from(pem), kind === 'ecdsa' ? 'ecdsa' : 'rsapss', signer), pem };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface TestDelegation {
  name: string;
  keys: TestKey[];
  threshold?: number;
  paths: string[];
  tags: Record<string, string>;
  signers?: TestKey[];
}

export interface TestRepoSpec {
  gun: string;
  root: TestKey[];
  targets: TestKey;
  snapshot: TestKey;
  timestamp: TestKey;
  tags: Record<string, string>;
  delegations?: TestDelegation[];
  /** Who signs each role; defaults to its own key(s). */
  signers?: Partial<Record<'root' | 'targets' | 'snapshot' | 'timestamp', TestKey[]>>;
  expires?: Partial<Record<string, Date>>;
  thresholds?: Partial<Record<string, number>>;
}

// Go's time format, as notary writes it: notary-server re-marshals what it stores, so a fraction with trailing zeros
// (".770Z", which toISOString writes and Go shortens to ".77Z") would change the bytes behind the checksums.
const later = (days: number) => notaryTime(new Date(Date.now() + days * 86_400_000));

const target = (content: string) => {
  const b = Buffer.from(content);
  return { hashes: { sha256: createHash('sha256').update(b).digest('base64') }, length: b.length };
};

const fileMeta = (bytes: Buffer) => ({
  hashes: { sha256: createHash('sha256').update(bytes).digest('base64'), sha512: createHash('sha512').update(bytes).digest('base64') },
  length: bytes.length,
});

function signedFile(signed: object, signers: TestKey[]): Buffer {
  const message = Buffer.from(canonicalJson(signed), 'utf8');
  const signatures = signers.map((k) => ({ keyid: k.id, method: k.method, sig: k.sign(message).toString('base64') }));
  return Buffer.from(JSON.stringify({ signed, signatures }));
}

/** Writes `<trust>/tuf/<gun>/metadata/*` for the spec, with snapshot and timestamp meta over the exact bytes. */
export function writeTestRepo(trustDir: string, spec: TestRepoSpec): string {
  const dir = join(trustDir, 'tuf', spec.gun, 'metadata');
  mkdirSync(join(dir, 'targets'), { recursive: true });
  const exp = (role: string, days: number) => (spec.expires?.[role] ? notaryTime(spec.expires[role]!) : later(days));
  const th = (role: string) => spec.thresholds?.[role] ?? 1;
  const keysOf = (ks: TestKey[]) => Object.fromEntries(ks.map((k) => [k.id, k.tuf]));
  const role = (name: string, ks: TestKey[]) => ({ keyids: ks.map((k) => k.id), threshold: th(name) });
  const write = (name: string, bytes: Buffer) => {
    mkdirSync(dirname(join(dir, `${name}.json`)), { recursive: true });
    writeFileSync(join(dir, `${name}.json`), bytes);
    return bytes;
  };
  const rootSigned = {
    _type: 'Root',
    consistent_snapshot: false,
    expires: exp('root', 3650),
    keys: keysOf([...spec.root, spec.targets, spec.snapshot, spec.timestamp]),
    roles: { root: role('root', spec.root), snapshot: role('snapshot', [spec.snapshot]), targets: role('targets', [spec.targets]), timestamp: role('timestamp', [spec.timestamp]) },
    version: 1,
  };
  const meta: Record<string, object> = {};
  meta.root = fileMeta(write('root', signedFile(rootSigned, spec.signers?.root ?? spec.root)));
  const dels = spec.delegations ?? [];
  const targetsSigned = {
    _type: 'Targets',
    delegations: {
      keys: keysOf(dels.flatMap((d) => d.keys)),
      roles: dels.map((d) => ({ keyids: d.keys.map((k) => k.id), name: d.name, paths: d.paths, threshold: d.threshold ?? 1 })),
    },
    expires: exp('targets', 1095),
    targets: Object.fromEntries(Object.entries(spec.tags).map(([t, c]) => [t, target(c)])),
    version: 2,
  };
  meta.targets = fileMeta(write('targets', signedFile(targetsSigned, spec.signers?.targets ?? [spec.targets])));
  for (const d of dels) {
    const signed = { _type: 'Targets', delegations: { keys: {}, roles: [] }, expires: exp(d.name, 1095), targets: Object.fromEntries(Object.entries(d.tags).map(([t, c]) => [t, target(c)])), version: 1 };
    meta[d.name] = fileMeta(write(d.name, signedFile(signed, d.signers ?? d.keys)));
  }
  const snapshotBytes = write('snapshot', signedFile({ _type: 'Snapshot', expires: exp('snapshot', 1095), meta, version: 3 }, spec.signers?.snapshot ?? [spec.snapshot]));
  write('timestamp', signedFile({ _type: 'Timestamp', expires: exp('timestamp', 14), meta: { snapshot: fileMeta(snapshotBytes) }, version: 3 }, spec.signers?.timestamp ?? [spec.timestamp]));
  return dir;
}
