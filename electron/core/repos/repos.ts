import type { ExpiryRadarEntry, HeldKey, RepoDetail, RepoSummary, RoleExpiry } from '../../../shared/dto/repos';
import type { RepoStatus } from '../../../shared/dto/status';
import type { KeyInfo } from '../../../shared/dto/keys';
import { listKeys, type ScanOptions } from '../keys/store/scan';
import { statusOfCache } from '../tuf/cache-status';
import { listCachedGuns } from '../tuf/list-guns';
import { recordedChecks } from './lookup/check-ledger';
import { cachedAt } from './lookup/verified-cache';

/**
 * The Repositories screen's view of a trust dir: every GUN cached in `<trust>/tuf`, verified with statusOfCache.
 * Read-only, like statusOfCache itself.
 */

export interface ReposOptions {
  now: Date;
  scan?: ScanOptions;
  /** The app's data folder: when given, each verdict carries its basis and the last server check (issue 15). */
  dataDir?: string;
}

/** The expiry radar's horizon (issue 3, point 6). */
export const RADAR_DAYS = 90;
const DAY = 86_400_000;

const time = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? Number.POSITIVE_INFINITY : t;
};

/**
 * Roles with an expiry, soonest first. The timestamp is left out unless this trust dir holds one of its keys:
 * notary-server manages (and re-signs) the timestamp itself, so its short life is no news.
 */
function roleExpiries(status: RepoStatus, held: HeldKey[]): RoleExpiry[] {
  const ownsTimestamp = held.some((k) => k.role === 'timestamp');
  return status.roles
    .filter((r): r is typeof r & { expires: string } => r.expires !== null && (r.role !== 'timestamp' || ownsTimestamp))
    .map((r) => ({ role: r.role, expires: r.expires }))
    .sort((a, b) => time(a.expires) - time(b.expires) || a.role.localeCompare(b.role));
}

/** The repository's keys (every role) whose key file is in this trust dir, matched by canonical ID. */
export function heldKeysOf(status: RepoStatus, keys: KeyInfo[]): HeldKey[] {
  const byId = new Map(keys.filter((k) => k.status === 'ok').map((k) => [k.id, k] as const));
  const out: HeldKey[] = [];
  const seen = new Set<string>();
  const add = (role: string, keyId: string, canonicalId: string | null) => {
    const file = byId.get(canonicalId ?? keyId) ?? byId.get(keyId);
    const key = `${role} ${keyId}`;
    if (!file || seen.has(key)) return;
    seen.add(key);
    out.push({ role, keyId, canonicalId: file.id, location: file.location });
  };
  for (const r of status.roles) for (const k of r.keys) add(r.role, k.id, k.canonicalId);
  for (const d of status.delegations) for (const k of d.keys) add(d.name, k.id, k.canonicalId);
  return out;
}

function safeStatus(trustDir: string, gun: string, now: Date): RepoStatus | null {
  try {
    return statusOfCache(trustDir, gun, { now });
  } catch {
    return null; // the folder went away between listing and reading
  }
}

function detailOf(status: RepoStatus, keys: KeyInfo[], trustDir: string, options: ReposOptions): RepoDetail {
  const detail: RepoDetail = { ...status, heldKeys: heldKeysOf(status, keys) };
  if (options.dataDir === undefined) return detail;
  const recorded = recordedChecks(options.dataDir, trustDir, status.gun);
  detail.basis = { checkedAt: options.now.toISOString(), against: 'cache', cachedAt: cachedAt(trustDir, status.gun) };
  detail.lastCheck = recorded.latest ? { ...recorded.latest, reached: recorded.reached ?? null } : null;
  return detail;
}

export function repoStatus(trustDir: string, gun: string, options: ReposOptions): RepoDetail {
  const status = statusOfCache(trustDir, gun, { now: options.now });
  return detailOf(status, listKeys(trustDir, options.scan), trustDir, options);
}

function allDetails(trustDir: string, options: ReposOptions): RepoDetail[] {
  const keys = listKeys(trustDir, options.scan);
  return listCachedGuns(trustDir)
    .map((gun) => safeStatus(trustDir, gun, options.now))
    .filter((s): s is RepoStatus => s !== null)
    .map((s) => detailOf(s, keys, trustDir, options));
}

/** Every cached repository, the one whose first role expires soonest first (never-expiring ones last, by name). */
export function listRepos(trustDir: string, options: ReposOptions): RepoSummary[] {
  return allDetails(trustDir, options)
    .map((d) => ({
      gun: d.gun,
      verdict: d.verdict,
      problemCount: d.problems.length,
      soonestExpiry: roleExpiries(d, d.heldKeys)[0] ?? null,
      ...(d.basis ? { basis: d.basis, lastCheck: d.lastCheck ?? null } : {}),
      ...(d.missingRoles ? { missingRoles: d.missingRoles } : {}),
    }))
    .sort((a, b) => time(a.soonestExpiry?.expires ?? '') - time(b.soonestExpiry?.expires ?? '') || a.gun.localeCompare(b.gun));
}

/** Roles of every cached repository that expire within RADAR_DAYS (or already have), soonest first. */
export function expiryRadar(trustDir: string, options: ReposOptions): ExpiryRadarEntry[] {
  const now = options.now.getTime();
  const horizon = now + RADAR_DAYS * DAY;
  return allDetails(trustDir, options)
    .flatMap((d) => roleExpiries(d, d.heldKeys).map((e) => ({ gun: d.gun, ...e, at: time(e.expires) })))
    .filter((e) => e.at <= horizon)
    .sort((a, b) => a.at - b.at || a.gun.localeCompare(b.gun) || a.role.localeCompare(b.role))
    .map(({ at, ...e }) => ({ ...e, daysLeft: Math.floor((at - now) / DAY) }));
}
