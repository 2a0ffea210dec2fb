import { checkFileMeta, metaEntry } from './file-meta';
import type { StatusReport } from './report';
import { checkRole } from './role-check';
import type { LoadResult, SignedFile } from './signed-file';
import { readTufKey, type TufKey } from './tuf-key';

/** Notary gives up on delegation trees deeper or wider than this; so do we, rather than loop on a cycle. */
const MAX_DELEGATION_ROLES = 1000;

interface Pending {
  name: string;
  keyids: string[];
  threshold: number;
  keys: Map<string, TufKey>;
  /** Effective paths: the role's own paths, narrowed to those its parent may delegate. */
  paths: string[];
}

/**
 * Reads the tags of a verified targets file, then walks its delegations breadth-first (notary's order) with each
 * delegation's keys, threshold and paths. A tag is listed once, from the first role that signs it, as `notary list`
 * does; a tag outside the signing role's paths is left out and reported. `snapshotMeta` is null when the snapshot
 * could not be trusted: files are then not checked against it. `load(name)` reads the file of role `name`
 * (from the cache folder, or from bytes fetched from a server).
 */
export function walkTargets(report: StatusReport, load: (role: string) => LoadResult, targets: SignedFile, snapshotMeta: unknown | null): void {
  addTags(report, 'targets', targets, ['']);
  const queue: Pending[] = childrenOf(report, 'targets', targets, ['']);
  const seen = new Set<string>(['targets']);
  while (queue.length > 0 && seen.size < MAX_DELEGATION_ROLES) {
    const d = queue.shift()!;
    if (seen.has(d.name)) continue;
    seen.add(d.name);
    const loaded = load(d.name);
    // Without a trusted snapshot there is nothing to check the file against; that failure is reported already.
    const meta = snapshotMeta === null ? null : metaEntry(snapshotMeta, d.name);
    if (!loaded.ok) {
      // A delegation nobody has signed into yet has no file and is not in the snapshot: that is fine.
      if (!loaded.missing) report.problem('MALFORMED', d.name, `${d.name}.json: ${loaded.reason}`);
      else if (meta) report.problem('MISSING_ROLE', d.name, `${d.name}.json is listed in the snapshot but missing`);
      report.unusable(d.name, d.threshold);
      continue;
    }
    if (!meta && snapshotMeta !== null) {
      report.problem('HASH_MISMATCH', d.name, `${d.name}.json is not listed in the snapshot, so it cannot be checked`);
      report.unusable(d.name, d.threshold);
      continue;
    }
    const mismatch = meta && checkFileMeta(`${d.name}.json`, loaded.file.bytes, meta);
    if (mismatch) report.problem(mismatch.code, d.name, mismatch.message);
    const check = checkRole(loaded.file, { role: d.name, keyids: d.keyids, threshold: d.threshold, keys: d.keys });
    const ok = report.role(d.name, 'Targets', loaded.file, d.threshold, check) && !mismatch;
    if (!ok) continue;
    addTags(report, d.name, loaded.file, d.paths);
    queue.push(...childrenOf(report, d.name, loaded.file, d.paths));
  }
}

/** notary matches delegation paths as prefixes; `""` is a prefix of everything. */
function inPaths(name: string, paths: string[]): boolean {
  for (let i = 0; i < paths.length; i++) if (name.startsWith(paths[i]!)) return true;
  return false;
}

/** The tag names already in report.tags, kept beside it: a lookup per tag instead of a scan (O(n) not O(n²)). */
const tagNames = new WeakMap<StatusReport, Set<string>>();
function listedTags(report: StatusReport): Set<string> {
  let names = tagNames.get(report);
  if (!names) tagNames.set(report, (names = new Set(report.tags.map((t) => t.name))));
  return names;
}

function addTags(report: StatusReport, role: string, file: SignedFile, paths: string[]): void {
  const targets = file.signed.targets;
  if (typeof targets !== 'object' || targets === null || Array.isArray(targets)) {
    report.problem('MALFORMED', role, '"targets" is not an object');
    return;
  }
  // Hot path (10,000 tags): one array of names, the lookups hoisted, no per-tag closures.
  const record = targets as Record<string, unknown>;
  const names = Object.keys(record);
  const listed = listedTags(report);
  const everywhere = paths.includes('');
  const tags = report.tags;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const t = record[name] as { length?: unknown; hashes?: { sha256?: unknown } } | null;
    const sha256 = t?.hashes?.sha256;
    if (!t || !Number.isSafeInteger(t.length) || typeof sha256 !== 'string') {
      report.problem('MALFORMED', role, `target ${JSON.stringify(name)} lacks a length or a sha256`);
      continue;
    }
    if (!everywhere && !inPaths(name, paths)) {
      report.problem('DELEGATION_OUTSIDE_PATHS', role, `${role} signs ${JSON.stringify(name)} but may only sign ${JSON.stringify(paths)}`);
      continue;
    }
    if (listed.has(name)) continue;
    listed.add(name);
    tags.push({ name, digest: hexOfBase64(sha256), size: t.length as number, role });
  }
}

/** Scratch space for hexOfBase64: a digest is decoded into it rather than into a new Buffer per tag. */
const scratch = Buffer.allocUnsafe(64);

/**
 * Buffer.from(b64, 'base64').toString('hex'), without a Buffer per call: the same decoder writes into `scratch`.
 * 84 base64 characters decode to at most 63 bytes, so a string that short always fits; longer ones take the plain way.
 */
export function hexOfBase64(b64: string): string {
  if (b64.length > 84) return Buffer.from(b64, 'base64').toString('hex');
  return scratch.toString('hex', 0, scratch.write(b64, 0, 'base64'));
}

/** The delegations a verified targets file declares, recorded in the report and queued for the walk. */
function childrenOf(report: StatusReport, parent: string, file: SignedFile, parentPaths: string[]): Pending[] {
  const del = file.signed.delegations as { keys?: unknown; roles?: unknown } | undefined;
  if (del === undefined) return [];
  if (typeof del !== 'object' || del === null || !Array.isArray(del.roles) || typeof del.keys !== 'object' || del.keys === null) {
    report.problem('MALFORMED', parent, '"delegations" lacks keys or roles');
    return [];
  }
  const keys = new Map(Object.entries(del.keys as Record<string, unknown>).map(([id, k]) => [id, readTufKey(k)] as const));
  const out: Pending[] = [];
  for (const r of del.roles as unknown[]) {
    const role = r as { name?: unknown; keyids?: unknown; threshold?: unknown; paths?: unknown } | null;
    const name = role?.name;
    const valid =
      typeof name === 'string' &&
      name.startsWith(`${parent}/`) &&
      !name.split('/').some((s) => s === '' || s === '.' || s === '..') &&
      Array.isArray(role!.keyids) &&
      role!.keyids.every((k) => typeof k === 'string') &&
      Number.isSafeInteger(role!.threshold) &&
      Array.isArray(role!.paths) &&
      role!.paths.every((p) => typeof p === 'string');
    if (!valid) {
      report.problem('MALFORMED', parent, `a delegation entry is invalid: ${JSON.stringify(name ?? null)}`);
      continue;
    }
    const keyids = role!.keyids as string[];
    const threshold = role!.threshold as number;
    const paths = (role!.paths as string[]).filter((p) => inPaths(p, parentPaths));
    report.delegations.push({
      name,
      keys: keyids.map((id) => ({ id, type: keys.get(id)?.type ?? 'missing', canonicalId: keys.get(id)?.canonicalId ?? null })),
      threshold,
      paths: role!.paths as string[],
    });
    out.push({ name, keyids, threshold, keys, paths });
  }
  return out;
}
