import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { SignerInfo, SignerKeyChoice } from '../../../shared/dto/publish';
import { VaultError } from '../errors';
import type { PrivateKey } from '../keys/private-key';
import { findKeyFiles } from '../keys/store/scan';
import type { ServerOptions } from '../notary/http-client';
import { NotaryPublisherClient } from '../notary/publisher-client';
import { checkRole } from '../tuf/role-check';
import { parseSignedFile } from '../tuf/signed-file';
import { readTufKey } from '../tuf/tuf-key';
import type { RolePassphrases } from './init-repo';
import type { TufKeyObject } from './metadata/keys';
import { addSigner as addSignerKeys, RELEASES_ROLE, removeDelegation, removeDelegationKeys, resignTargets, snapshotFor } from './metadata/repo-builder';
import type { TargetsSigned } from './metadata/roles';
import { signMetadata } from './metadata/sign';
import type { MetadataSigner } from './metadata/signer';
import { publishChange, type PublishOutcome } from './publish-transaction';
import { loadRepoState, metadataDir, type RepoState, stateFiles } from './repo-state';
import { signerForRole } from './role-signers';
import { readSignerKeyFile } from './signer-key-file';

/** A signer's public key as read from a .pub file or a certificate: the TUF key object and its ID. */
export interface SignerPublicKey {
  name: string;
  keyId: string;
  keyType: string;
  tufKey: { keytype: string; keyval: { private: null; public: string } };
}

/** Chosen key files not used yet; more than this and the oldest are forgotten. */
const MAX_CHOICES = 64;

/**
 * Public key files chosen in main's dialog, kept by a random ID until used: the renderer only ever sees the ID,
 * the key's ID and type, never a path it could swap. Each choice is taken once.
 */
export class SignerKeys {
  readonly #chosen = new Map<string, SignerPublicKey>();

  choose(path: string, name: string): SignerKeyChoice {
    const read = readSignerKeyFile(path);
    const selectionId = randomUUID();
    if (this.#chosen.size >= MAX_CHOICES) this.#chosen.delete(this.#chosen.keys().next().value as string);
    this.#chosen.set(selectionId, { name, keyId: read.id, keyType: read.key.keytype, tufKey: read.key });
    return { selectionId, name, keyId: read.id, keyType: read.key.keytype };
  }

  take(selectionId: string): SignerPublicKey {
    const key = this.#chosen.get(selectionId);
    if (!key) throw new VaultError('NOT_FOUND', 'that key file choice is no longer known (each is used once): choose the key file again');
    this.#chosen.delete(selectionId);
    return key;
  }
}

/** docker's signer names: `targets/NAME` with NAME as `docker trust signer add` takes it; `releases` is not one. */
export function checkSignerName(name: string): string {
  if (!/^[a-z0-9][a-z0-9_-]*$/.test(name)) throw new VaultError('INVALID_ARGUMENT', `not a signer name: ${JSON.stringify(name)} (lower-case letters, digits, - and _; starting with a letter or digit)`);
  if (name === 'releases') throw new VaultError('INVALID_ARGUMENT', '"releases" is the role every signer signs into, not a signer: choose another name');
  return name;
}

const canonicalOf = (id: string, key: unknown): string => readTufKey(key).canonicalId ?? id;

/**
 * The docker signers of a repository: every `targets/NAME` delegation (one level, not `targets/releases`), with
 * its keys by canonical ID (as `notary delegation list` and key files name them), whether they are all in
 * `targets/releases` too, and whether the trust dir holds a private key for one of them.
 */
export function signersOf(state: RepoState, haveKeyIds: Set<string>): SignerInfo[] {
  const d = state.targets.signed.delegations;
  const releases = new Set(d.roles.find((r) => r.name === RELEASES_ROLE)?.keyids ?? []);
  return d.roles
    .filter((r) => /^targets\/[^/]+$/.test(r.name) && r.name !== RELEASES_ROLE)
    .map((r) => {
      const keyIds = r.keyids.map((id) => canonicalOf(id, d.keys[id]));
      return {
        role: r.name,
        name: r.name.slice('targets/'.length),
        keyIds,
        inReleases: r.keyids.length > 0 && r.keyids.every((id) => releases.has(id)),
        haveKey: keyIds.some((id) => haveKeyIds.has(id)),
      };
    });
}

interface ChangeOptions {
  server: ServerOptions;
  passphrases: RolePassphrases;
  now: Date;
}

/**
 * `docker trust signer add NAME GUN KEY.pub`: the key goes into `targets/NAME` and `targets/releases` (each made
 * with all paths and threshold 1 when missing; an existing signer gets the key added, as docker does), targets.json
 * is re-signed with the targets key and the snapshot with the local snapshot key unless the server holds it. No
 * delegation file is written: the signer's own key signs those when it first publishes a tag.
 */
export async function addSigner(trustDir: string, gun: string, name: string, key: SignerPublicKey, o: ChangeOptions): Promise<PublishOutcome> {
  checkSignerName(name);
  const listed = { id: key.keyId, key: key.tufKey as TufKeyObject };
  const read = readTufKey(listed.key);
  if (read.error || read.id !== listed.id) throw new VaultError('INVALID_ARGUMENT', `the signer key ${key.keyId} ${read.error ?? `hashes to ${read.id}`}`);
  const state = await loadRepoState(trustDir, gun, o.server, o.now);
  const current = state.targets.signed;
  const role = `targets/${name}`;
  const has = (r: string) => current.delegations.roles.find((x) => x.name === r)?.keyids.includes(listed.id) ?? false;
  if (has(role) && has(RELEASES_ROLE)) throw new VaultError('ALREADY_EXISTS', `signer ${name} of ${gun} already has key ${canonicalOf(listed.id, listed.key)}; nothing was sent`);
  const next = addSignerKeys(current, name, [listed]);
  return changeTargets(trustDir, gun, state, next, [], o);
}

/**
 * `docker trust signer remove NAME GUN`: `targets/NAME` is removed (and its file leaves the snapshot) and its keys
 * leave `targets/releases` unless another signer has them too. Needs `confirmation === name` when that leaves
 * `targets/releases` with no keys, or when the current `targets/releases` file was signed only by the keys that
 * leave it (docker: "signed the last released version ... will make GUN unpullable"); such a file no longer
 * verifies and leaves the snapshot too. Returns the warnings to show.
 */
export async function removeSigner(
  trustDir: string,
  gun: string,
  name: string,
  o: ChangeOptions & { confirmation: string | undefined },
): Promise<PublishOutcome & { warnings: string[] }> {
  checkSignerName(name);
  const state = await loadRepoState(trustDir, gun, o.server, o.now);
  const current = state.targets.signed;
  const roleName = `targets/${name}`;
  const role = current.delegations.roles.find((r) => r.name === roleName);
  if (!role) throw new VaultError('NOT_FOUND', `${gun} has no signer ${name} (no ${roleName} delegation)`);
  const others = current.delegations.roles.filter((r) => r.name !== roleName && r.name !== RELEASES_ROLE);
  const leaving = role.keyids.filter((id) => !others.some((r) => r.keyids.includes(id)));
  const next = removeDelegation(removeDelegationKeys(current, RELEASES_ROLE, leaving), roleName);

  const releasesBefore = current.delegations.roles.find((r) => r.name === RELEASES_ROLE);
  const releasesAfter = next.delegations.roles.find((r) => r.name === RELEASES_ROLE);
  const lastSigner = !!releasesBefore && releasesBefore.keyids.length > 0 && (releasesAfter?.keyids.length ?? 0) === 0;
  const releasesFile = state.delegations.get(RELEASES_ROLE);
  const releasesBroken = !!releasesFile && !!releasesAfter && !verifiesAs(releasesFile.bytes, next, RELEASES_ROLE);
  const dropped = [...state.delegations.keys()].filter((r) => r === roleName || r.startsWith(`${roleName}/`) || (r === RELEASES_ROLE && releasesBroken));

  const warnings: string[] = [];
  if (lastSigner) {
    warnings.push(
      `${name} was the last signer of ${gun}: ${RELEASES_ROLE} has no keys now, so the repository becomes unusable for consumers that require signers (DOCKER_CONTENT_TRUST with signed releases): docker finds no signed tag to pull${releasesBroken ? '' : ' until a signer is added again and signs the tags anew'}`,
    );
  }
  if (releasesBroken && !lastSigner) {
    warnings.push(
      `${name} signed the current ${RELEASES_ROLE}: without its key that file no longer verifies, so the tags it held are not trusted any more (docker: "will make ${gun} unpullable")`,
    );
  }
  if (releasesBroken) {
    const version = state.delegations.get(RELEASES_ROLE)?.signed.version ?? 0;
    warnings.push(
      `${RELEASES_ROLE}.json no longer verifies, so it left the snapshot. The server keeps ${RELEASES_ROLE}.json at version ${version}, while notary and docker start a new one at version 1, which the server refuses: signing into ${RELEASES_ROLE} of ${gun} again needs its trust data deleted and the repository initialised again (notary is left in the same state by docker trust signer remove)`,
    );
  }
  if (releasesBroken && !hasLocalSnapshotKey(trustDir, state)) {
    // The server would sign a snapshot that still lists the old targets/releases.json, which then no longer
    // verifies: every consumer would get notary's threshold warning and the vault would refuse the repository.
    throw new VaultError(
      'INVALID_ARGUMENT',
      `Removing signer ${name} makes the current ${RELEASES_ROLE}.json of ${gun} unverifiable, and the server, which holds the snapshot key, would keep listing it, so consumers would see "valid signatures did not meet threshold for ${RELEASES_ROLE}". Rotate the snapshot key to a local key first (repo rotate ${gun} snapshot), then remove the signer; nothing was sent`,
    );
  }
  if ((lastSigner || releasesBroken) && o.confirmation?.trim() !== name) {
    const why = lastSigner
      ? `it is the last signer of ${gun}: ${RELEASES_ROLE} would have no keys, and the repository becomes unusable for consumers that require signers (DOCKER_CONTENT_TRUST with signed releases)`
      : `it signed the current ${RELEASES_ROLE}, which would no longer verify, so the tags in it would not be trusted (${gun} becomes unpullable with docker)`;
    const lasting = releasesBroken
      ? `; the server keeps the current ${RELEASES_ROLE}.json, so notary and docker cannot sign into ${RELEASES_ROLE} of ${gun} again (as after docker trust signer remove) until its trust data is deleted and initialised again`
      : '';
    throw new VaultError('CONFIRMATION_REQUIRED', `Removing signer ${name} needs confirmation: ${why}${lasting}. Confirm with the signer's name (${name}); nothing was sent`);
  }
  const outcome = await changeTargets(trustDir, gun, state, next, dropped, o);
  if (outcome.cacheUpdated) forgetCachedRoles(trustDir, gun, dropped.filter((r) => !outcome.state?.delegations.has(r)));
  return { ...outcome, warnings };
}

/** Whether a delegation file still meets its threshold with the keys `parent` lists for it. */
function verifiesAs(bytes: Buffer, parent: TargetsSigned, role: string): boolean {
  const spec = parent.delegations.roles.find((r) => r.name === role);
  const file = parseSignedFile(bytes);
  if (!spec || !file.ok) return false;
  const keys = new Map(Object.entries(parent.delegations.keys).map(([id, k]) => [id, readTufKey(k)] as const));
  return checkRole(file.file, { role, keyids: spec.keyids, threshold: spec.threshold, keys }).met;
}

/**
 * Publishes a new targets.json with `next`'s delegations, signed by the targets key, and (with a local snapshot
 * key) the snapshot over it; delegation files in `dropped` leave the snapshot, as notary does for removed roles.
 */
async function changeTargets(trustDir: string, gun: string, state: RepoState, next: TargetsSigned, dropped: string[], o: ChangeOptions): Promise<PublishOutcome> {
  const client = new NotaryPublisherClient(gun, o.server);
  const toWipe: PrivateKey[] = [];
  try {
    const targets = signerForRole(trustDir, state.root.signed, 'targets', o.passphrases.targets);
    toWipe.push(targets.key);
    const snapshot = await snapshotSigning(trustDir, state, client, o.passphrases.snapshot);
    if (snapshot.kind === 'local') toWipe.push(snapshot.key);
    const files = new Map<string, Buffer>([['targets', (await resignTargets(state.targets.signed, { delegations: next.delegations }, targets.signer, { now: o.now })).file]]);
    const current: RepoState = { ...state, delegations: new Map([...state.delegations].filter(([r]) => !dropped.includes(r))) };
    if (snapshot.kind === 'local') {
      const all = stateFiles(current);
      for (const [r, b] of files) all.set(r, b);
      files.set('snapshot', await signMetadata(snapshotFor(all, { version: state.snapshot.signed.version + 1, now: o.now }), [snapshot.signer]));
    }
    return await publishChange({ trustDir, gun, server: o.server, current, files, serverSignsSnapshot: snapshot.kind === 'server', newKeys: [], retiredKeyIds: [], now: o.now });
  } finally {
    for (const k of toWipe) k.wipe();
  }
}

type SnapshotSigning = { kind: 'local'; signer: MetadataSigner; key: PrivateKey } | { kind: 'server' };

/** Whether the trust dir holds a key file for one of the snapshot keys root lists. */
function hasLocalSnapshotKey(trustDir: string, state: RepoState): boolean {
  return state.root.signed.roles.snapshot.keyids.some((id) => findKeyFiles(trustDir, canonicalOf(id, state.root.signed.keys[id])).some((f) => f.status === 'ok'));
}

/** As rotate-key does: a local snapshot key file root lists, else the server's key when root lists that one. */
async function snapshotSigning(trustDir: string, state: RepoState, client: NotaryPublisherClient, passphrase: string | undefined): Promise<SnapshotSigning> {
  const ids = state.root.signed.roles.snapshot.keyids;
  if (hasLocalSnapshotKey(trustDir, state)) {
    const s = signerForRole(trustDir, state.root.signed, 'snapshot', passphrase);
    return { kind: 'local', signer: s.signer, key: s.key };
  }
  const server = await client.serverKey('snapshot');
  if (ids.includes(server.id)) return { kind: 'server' };
  throw new VaultError('NOT_FOUND', `the snapshot key ${ids.join(', ')} is neither in ${trustDir} nor held by the server: rotate the snapshot key first (to the server or a new local key)`);
}

/** Cached files of roles that left the repository, so the cache holds what a fresh `notary list` caches. */
function forgetCachedRoles(trustDir: string, gun: string, roles: string[]): void {
  for (const r of roles) rmSync(join(metadataDir(trustDir, gun), `${r}.json`), { force: true });
}
