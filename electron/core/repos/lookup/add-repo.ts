import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { RepoAddOutcome, RepoLookupPreview } from '../../../../shared/dto/repo-lookup';
import { type StatusProblem, WARNING_PROBLEMS } from '../../../../shared/dto/status';
import { normaliseImageName } from '../../../../shared/lookup/image-name';
import { shutdownNotice } from '../../../../shared/lookup/known-servers';
import { VaultError } from '../../errors';
import type { ServerAuth } from '../../notary/http-client';
import { statusOfCache } from '../../tuf/cache-status';
import { fetchServerRepo, type FetchedRepo } from '../../tuf/remote-status';
import { loadSignedFile, parseSignedFile, type SignedFile } from '../../tuf/signed-file';
import { checkServerUrl, updateServerSetting } from '../server-check';
import { recordCheck } from './check-ledger';
import { unreachableError, unreachableProblem } from './fetch-failure';
import { configCaPin, configCertPins, pinCaInConfig, pinCertsInConfig } from './notary-config';
import { rememberRegistryServer } from './registry-servers';
import { rootKeyViews, rootVersionOf } from './root-keys';
import { pinByCa, pinByKeyIds } from './root-pins';
import { cachedAt, writeVerifiedCache } from './verified-cache';
import { readExistingFile } from '../../fs/read-regular-file';

/**
 * Adding a repository by name (issue 15, point 1): look it up on its notary server, show its root (trust on first use
 * made visible), and only once the root is accepted (pinned by key ID or CA, already pinned in the trust dir, or
 * accepted as first seen) write the verified data into the cache in notary's layout and the pin into config.json.
 */

export interface LookupOptions {
  server: string;
  caFile?: string;
  auth?: ServerAuth;
  now: Date;
  timeoutMs?: number;
}

export interface AddOptions extends LookupOptions {
  /** Root key IDs to pin (x509 or canonical). */
  pinRootIds?: string[];
  /** A CA (PEM file path) the root certificates must be issued by. */
  pinCaFile?: string;
  /** Accept the root as first seen when nothing pins it. */
  acceptFirstUse?: boolean;
}

interface Lookup {
  preview: RepoLookupPreview;
  fetched: FetchedRepo;
  root: SignedFile;
}

/** Fetches and verifies; throws for an unreachable server or a repository the server does not have. Writes nothing. */
export async function lookupRepo(trustDir: string, name: string, options: LookupOptions): Promise<Lookup> {
  let gun: string;
  let registry: string;
  try {
    ({ gun, registry } = normaliseImageName(name));
  } catch (e) {
    throw new VaultError('INVALID_ARGUMENT', e instanceof Error ? e.message : String(e));
  }
  const server = checkServerUrl(options.server);
  const fetched = await fetchServerRepo(trustDir, gun, { server, caFile: options.caFile, auth: options.auth, now: options.now, timeoutMs: options.timeoutMs ?? 15_000 });
  const down = unreachableProblem(fetched.status.problems, fetched.missing);
  if (down) throw unreachableError(down, server);
  if (fetched.missing) throw new VaultError('NOT_FOUND', `${server} has no trust data for ${gun}`);
  const cachedRoot = loadSignedFile(join(trustDir, 'tuf', gun, 'metadata', 'root.json'));
  const served = fetched.files.get('root');
  const parsed = served ? parseSignedFile(served) : cachedRoot;
  if (!parsed.ok) throw new VaultError('TRUST_DATA_BROKEN', `${gun}: the root could not be read: ${parsed.reason}`);
  // First use is what this screen is about: it is shown, then decided, not counted as a problem.
  const problems = fetched.status.problems.filter((p) => p.code !== 'FIRST_USE');
  const broken = problems.some((p) => !WARNING_PROBLEMS.includes(p.code));
  const notice = shutdownNotice(server, options.now);
  const preview: RepoLookupPreview = {
    gun,
    registry,
    server,
    rootVersion: rootVersionOf(parsed.file),
    rootKeys: rootKeyViews(parsed.file),
    tagCount: fetched.status.tags.length,
    verdict: broken ? 'broken' : problems.length > 0 ? 'warning' : 'trusted',
    problems,
    alreadyPinned: cachedRoot.ok,
    configPins: configCertPins(trustDir, gun),
    shutdown: notice?.message ?? null,
  };
  return { preview, fetched, root: parsed.file };
}

const summary = (problems: StatusProblem[]) =>
  problems.filter((p) => !WARNING_PROBLEMS.includes(p.code)).slice(0, 3).map((p) => `${p.code} ${p.role || '-'}: ${p.message}`).join('; ');

/** Looks the repository up and, once its root is accepted, writes it into the trust dir. All checks come before any write. */
export async function addRepo(trustDir: string, dataDir: string, name: string, options: AddOptions): Promise<RepoAddOutcome> {
  if (options.pinRootIds?.length && options.pinCaFile) throw new VaultError('INVALID_ARGUMENT', 'pin by root key ID or by CA, not both');
  const caPem = options.pinCaFile !== undefined ? readCaFile(options.pinCaFile) : null;
  const { preview, fetched, root } = await lookupRepo(trustDir, name, options);
  const { gun } = preview;
  if (preview.verdict === 'broken') throw new VaultError('TRUST_DATA_BROKEN', `the trust data of ${gun} on ${preview.server} does not verify: ${summary(preview.problems)}. Nothing was written`);

  let acceptedBy: RepoAddOutcome['acceptedBy'];
  let pinnedIds: string[] = [];
  const configCa = configCaPin(trustDir, gun);
  if (options.pinRootIds?.length) {
    pinnedIds = pinByKeyIds(root, gun, options.pinRootIds);
    acceptedBy = 'pin-root-id';
  } else if (caPem !== null) {
    pinByCa(root, gun, caPem, options.now);
    acceptedBy = 'pin-ca';
  } else if (preview.alreadyPinned) {
    acceptedBy = 'pinned'; // the server's root verified against (or is) the cached one
  } else if (preview.configPins.length > 0) {
    // notary's trust_pinning.certs for this GUN: the same refusal notary -c gives.
    pinnedIds = pinByKeyIds(root, gun, preview.configPins, { anyOf: true });
    acceptedBy = 'pinned';
  } else if (configCa !== null && existsSync(configCa)) {
    pinByCa(root, gun, readCaFile(configCa), options.now);
    acceptedBy = 'pinned';
  } else if (options.acceptFirstUse) {
    acceptedBy = 'first-use';
    pinnedIds = preview.rootKeys.map((k) => k.id);
  } else {
    throw new VaultError(
      'ROOT_NOT_PINNED',
      `nothing pins the root of ${gun}: compare its root key IDs (${preview.rootKeys.map((k) => k.id).join(', ')}) with the publisher's, then pin one, or accept it on first use. Nothing was written`,
    );
  }

  // Writes: the pin in notary's form, then the data (root.json last), then what the app remembers.
  let pinnedCa: string | null = null;
  if (acceptedBy === 'pin-ca' && caPem !== null) pinnedCa = pinCaInConfig(trustDir, gun, caPem);
  else if (acceptedBy !== 'pinned' && pinnedIds.length > 0) pinCertsInConfig(trustDir, gun, pinnedIds);
  const written = writeVerifiedCache(trustDir, gun, fetched.files);
  updateServerSetting(dataDir, trustDir, gun, { server: preview.server, ...(options.caFile ? { caFile: options.caFile } : {}) });
  rememberRegistryServer(dataDir, preview.registry, preview.server, options.caFile);
  const status = statusOfCache(trustDir, gun, { now: options.now });
  const basis = { checkedAt: options.now.toISOString(), against: preview.server, cachedAt: cachedAt(trustDir, gun) };
  recordCheck(dataDir, trustDir, gun, { verdict: status.verdict, basis });
  return {
    ...preview,
    acceptedBy,
    pinnedIds,
    pinnedCa,
    written,
    check: { gun, verdict: status.verdict, basis, problems: status.problems, missingRoles: status.missingRoles ?? [], fetched: written, last: null, needsServer: null },
  };
}

function readCaFile(path: string): string {
  try {
    return readExistingFile(path, { what: 'the CA file', maxBytes: 1024 * 1024, followLinks: true }).toString('utf8');
  } catch (e) {
    throw new VaultError('INVALID_ARGUMENT', `cannot read the CA file ${path}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
