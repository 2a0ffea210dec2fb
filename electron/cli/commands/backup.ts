import { resolve, basename, dirname } from 'node:path';
import type { DriveInfo, VerifyReport } from '../../../shared/dto/backups';
import { VaultError } from '../../core/errors';
import { auditedCli } from '../../core/audit/for-cli';
import { withBackupWriter } from '../../core/backup/create-backup';
import { backupFileStream } from '../../core/backup/backup-stream';
import { factsOf, recordWrittenAndVerified } from '../../core/backup/ledger';
import { locationOf } from '../../core/backup/location';
import { openBackup } from '../../core/backup/open-backup';
import { planBackup } from '../../core/backup/pack-backup';
import { applyRestore } from '../../core/backup/restore/apply-restore';
import { restoreCandidates } from '../../core/backup/restore/restore-preview';
import { KeyStaging } from '../../core/backup/restore/key-staging';
import { reportOf, verifyBackupFile } from '../../core/backup/verify-backup';
import { describeDrives } from '../../core/drives/describe-drives';
import { writeNewFileOnDrive } from '../../core/drives/drive-file';
import { systemDriveSource } from '../../core/drives/system-source';
import { checkNewPassphrase } from '../../core/keys/store/passphrase-rules';
import { allowOnly, secretFromEnv } from '../args';
import type { CliContext } from '../context';
import { UsageError } from '../usage-error';
import { unlockForCommand } from '../unlock';
import { vaultSession } from './vault';
import { isSafeGun } from '../../core/tuf/gun';
import { checkKeyId } from '../validate';
import { extractArchives } from '../../core/backup/archive-entries';
import { tightHeap } from '../lean-process';
import { StreamedList, mapped, writeJson, writeLines } from '../stream-output';

/**
 * `backup create|verify|restore` (issue 4, point 8): the same core the app's backup wizard and restore use. The
 * file is always read back from where it was written before `create` reports success.
 */

async function drivesNow(ctx: CliContext): Promise<DriveInfo[]> {
  try {
    return await describeDrives(await systemDriveSource(ctx.env).list());
  } catch {
    return [];
  }
}

const fileArg = (ctx: CliContext, command: string): string => {
  const files = ctx.args.positionals.slice(2);
  if (files.length !== 1) throw new UsageError(`${command} needs one FILE`);
  return resolve(ctx.cwd, files[0]!);
};

const keyIdsArg = (value: string | undefined): string[] | undefined =>
  value === undefined ? undefined : value.split(',').map((id) => checkKeyId(id.trim()));

// A report of 100,000 keys is written a batch at a time (stream-output.ts): the same text and JSON as one piece.
const verifyJson = (r: VerifyReport) => ({
  backupId: r.backupId,
  file: r.file,
  createdAt: r.createdAt,
  ok: r.ok,
  keys: new StreamedList(mapped(r.keys, (k) => ({ id: k.id, role: k.role, gun: k.gun, path: k.path, archive: k.archive, trustDir: k.trustDir, matches: k.archive === 'ok' && k.trustDir === 'same' }))),
  pinnedRoots: r.pinnedRoots,
  differences: new StreamedList(r.differences),
  ...(r.trustDataArchives ? { trustDataArchives: r.trustDataArchives } : {}),
});

function writeVerifyText(out: (text: string) => void, r: VerifyReport): void {
  out(`${r.ok ? 'Backup verified' : 'Backup does NOT check out'}: ${r.file}\n`);
  writeLines(out, r.keys, (k) => `  ${k.id}  ${(k.role ?? '?').padEnd(10)} ${k.gun ?? ''}  archive ${k.archive}, trust dir ${k.trustDir}\n`);
  writeLines(out, r.differences, (d) => `  ! ${d}\n`);
}

/** `--vault-passphrase-env VAR`: unlocks the vault (which checkpoints the audit log) and returns its last checkpoint. */
async function lastCheckpointFor(ctx: CliContext) {
  const variable = ctx.args.values['vault-passphrase-env'];
  if (variable === undefined) return null;
  const session = vaultSession(ctx);
  try {
    await unlockForCommand(ctx, session, secretFromEnv(ctx.env, 'vault-passphrase-env', variable)!);
    return session.lastAuditCheckpoint();
  } finally {
    session.lock('manual');
    session.dispose();
  }
}

async function create(ctx: CliContext): Promise<number> {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'backup create', ['out', 'passphrase-env', 'keys', 'no-pinned-roots', 'vault-passphrase-env', 'include-archive']);
  if (ctx.args.positionals.length > 2) throw new UsageError('backup create takes no FILE argument; use --out FILE');
  if (!v.out || !v['passphrase-env']) throw new UsageError('backup create needs --out FILE and --passphrase-env VAR');
  const passphrase = checkNewPassphrase(secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env']));
  const out = resolve(ctx.cwd, v.out);
  const keyIds = keyIdsArg(v.keys);
  const archiveDirs = (v['include-archive'] ?? []).map((d) => resolve(ctx.cwd, d));
  // With the vault: its last audit checkpoint goes into the manifest (issue 12, point 3).
  const auditCheckpoint = await lastCheckpointFor(ctx);
  const { m, path, bytes, report } = await auditedCli(
    ctx,
    { action: 'backup.written', keyIds: keyIds ?? [], detail: `to ${basename(out)}` },
    async () => {
      const now = new Date();
      // Made as it is written (tar -> gzip -> age -> the file), then read back from where it lies before the ledger
      // hears of it: a file that fails its own read-back is never recorded as a backup (issue 13, point 2).
      const { plan, written, opened } = await withBackupWriter(passphrase, async (age, derivedKeys) => {
        const plan = planBackup(ctx.trustDir, { keyIds, includePinnedRoots: !v['no-pinned-roots'], createdAt: now, appVersion: ctx.appVersion, auditCheckpoint, archiveDirs });
        const written = await writeNewFileOnDrive(dirname(out), basename(out), backupFileStream(plan, ctx.trustDir, age));
        return { plan, written, opened: await openBackup(written.path, passphrase, { derivedKeys, keepKeyData: false, written: plan.manifest }) };
      });
      const { path, bytes } = written;
      const location = locationOf(path, await drivesNow(ctx));
      const m = plan.manifest;
      const report = reportOf(opened, ctx.trustDir, new Date());
      if (report.ok) {
        recordWrittenAndVerified(ctx.dataDir, factsOf(m), { file: path, location, writtenAt: now, verifiedAt: new Date(report.verifiedAt) });
      }
      return { m, path, bytes, report, location };
    },
    (r) => ({
      keyIds: r.m.keys.map((k) => k.id),
      detail: `1 copy to ${basename(r.path)} on ${r.location}, read back: ${r.report.ok ? 'verified' : 'NOT verified'}`.slice(0, 500),
      ...(r.report.ok ? {} : { result: 'failed' as const, error: 'BACKUP_DAMAGED' }),
    }),
  );
  if (ctx.json) {
    const keys = new StreamedList(mapped(m.keys, ({ id, role, gun, path: p }) => ({ id, role, gun, path: p })));
    writeJson(ctx.stdout, { backupId: m.backupId, file: path, bytes, keys, pinnedRoots: m.pinnedRoots.map((r) => r.gun), trustDataArchives: (m.trustDataArchives ?? []).map((a) => ({ name: a.name, guns: a.guns, files: a.files.length })), verify: verifyJson(report) });
    ctx.stdout('\n');
  } else {
    ctx.stdout(`Wrote ${path} (${m.keys.length} keys, ${bytes} bytes) and read it back: ${report.ok ? 'verified' : 'NOT verified'}\nRestore anywhere with: age -d ${basename(path)} | tar -xz\n`);
  }
  return report.ok ? 0 : 1;
}

async function verify(ctx: CliContext): Promise<number> {
  allowOnly(ctx.args, 'backup verify', ['passphrase-env']);
  const file = fileArg(ctx, 'backup verify');
  const passphrase = secretFromEnv(ctx.env, 'passphrase-env', ctx.args.values['passphrase-env']);
  const report = await auditedCli(
    ctx,
    { action: 'backup.verified', detail: basename(file) },
    async () => verifyBackupFile(file, passphrase, { dataDir: ctx.dataDir, trustDir: ctx.trustDir, now: () => new Date(), location: locationOf(file, await drivesNow(ctx)) }),
    (r) => ({
      keyIds: r.keys.map((k) => k.id),
      detail: `${basename(r.file)}: ${r.ok ? 'checks out' : 'does NOT check out'}`.slice(0, 500),
      ...(r.ok ? {} : { result: 'failed' as const, error: 'BACKUP_DAMAGED' }),
    }),
  );
  if (ctx.json) {
    writeJson(ctx.stdout, verifyJson(report));
    ctx.stdout('\n');
  } else writeVerifyText(ctx.stdout, report);
  return report.ok ? 0 : 1;
}

/** `--pinned-roots GUN,...`: the repositories whose pinned roots to restore; none when absent. */
function pinnedRootsArg(value: string | undefined): string[] {
  if (value === undefined) return [];
  const guns = [...new Set(value.split(',').map((g) => g.trim()))];
  const bad = guns.find((g) => !isSafeGun(g));
  if (bad !== undefined) throw new UsageError(`--pinned-roots: ${JSON.stringify(bad)} is not a repository name (GUN,GUN,...)`);
  return guns;
}

async function restore(ctx: CliContext): Promise<number> {
  const v = ctx.args.values;
  allowOnly(ctx.args, 'backup restore', ['passphrase-env', 'dry-run', 'keys', 'pinned-roots', 'archives-to']);
  const pinned = pinnedRootsArg(v['pinned-roots']);
  const file = fileArg(ctx, 'backup restore');
  const passphrase = secretFromEnv(ctx.env, 'passphrase-env', v['passphrase-env']);
  // Key files go to a staging folder in the data dir as they stream past (restore/key-staging.ts), so 100,000 keys
  // are never all in memory; the trust dir is not touched until the whole archive checked out. A dry run stages nothing.
  const staging = v['dry-run'] ? undefined : new KeyStaging(ctx.trustDir, ctx.dataDir);
  const opened = await openBackup(file, passphrase, { keepKeyData: !v['dry-run'], staging });
  try {
    const candidates = restoreCandidates(opened, ctx.trustDir);
    const only = keyIdsArg(v.keys);
    if (only) {
      const held = new Set(candidates.keys.map((k) => k.id));
      const missing = only.filter((id) => !held.has(id));
      if (missing.length > 0) throw new VaultError('NOT_FOUND', `The backup does not hold key ${missing[0]}`);
    }
    // Sets, not lists: a backup may hold 100,000 keys, and a list scanned per key would take minutes.
    const onlySet = only ? new Set(only) : null;
    const chosen = candidates.keys.filter((k) => !onlySet || onlySet.has(k.id));
    // Pinned roots only when named (issue 12, point 1): a root decides whom consumers trust, so it is never implied.
    const offered = new Set(candidates.roots.map((r) => r.gun));
    const notOffered = pinned.find((g) => !offered.has(g));
    if (notOffered !== undefined) {
      const why = opened.roots.has(notOffered) ? candidates.ignored.find((i) => i.reason.startsWith(`pinned root of ${notOffered} `))?.reason : `the backup holds no pinned root of ${notOffered}`;
      throw new VaultError('NOT_FOUND', `--pinned-roots ${notOffered}: ${why ?? 'not restorable from this backup'}`);
    }
    const rootGuns = pinned;
    // Archives never go into the trust dir: only into the folder named here, and only when named (issue 15, point 3).
    const archivesTo = v['archives-to'] === undefined ? null : resolve(ctx.cwd, v['archives-to']);
    if (archivesTo && !opened.manifest?.trustDataArchives?.length) throw new VaultError('NOT_FOUND', `--archives-to: ${basename(file)} holds no trust-data archive`);
    // First, so a folder that cannot take them stops the restore before any key is written.
    const archives = archivesTo && !v['dry-run'] ? extractArchives(opened.manifest?.trustDataArchives, opened.archiveFiles, archivesTo) : [];
    // A dry run writes nothing: it is not recorded in the audit log.
    const report = v['dry-run']
      ? null
      : await auditedCli(
          ctx,
          { action: 'backup.restored', keyIds: chosen.map((k) => k.id), detail: basename(file) },
          () => applyRestore(opened, ctx.trustDir, { keyPaths: chosen.map((k) => k.path), rootGuns }),
          (r) => ({
            keyIds: ((written) => chosen.filter((k) => written.has(k.path)).map((k) => k.id))(new Set(r.written)),
            detail: `${basename(file)}: ${r.written.length} written, ${r.skipped.length} skipped`.slice(0, 500),
          }),
        );
    const archivesJson = archives.map((a) => ({ dir: a.dir, ok: a.ok, problems: a.problems, guns: a.repos.map((r) => r.gun) }));
    const written = new Set(report?.written ?? []);
    const actionOf = (path: string, state: string) => (state !== 'new' ? 'kept existing' : v['dry-run'] ? 'would write' : written.has(path) ? 'written' : 'skipped');
    const keys = () => mapped(chosen, (k) => ({ id: k.id, role: k.role, gun: k.gun, path: k.path, state: k.state, action: actionOf(k.path, k.state) }));
    const roots = candidates.roots.filter((r) => rootGuns.includes(r.gun)).map((r) => ({ ...r, action: actionOf(r.path, r.state) }));
    if (ctx.json) {
      writeJson(ctx.stdout, { trustDir: ctx.trustDir, file, format: opened.format, encrypted: opened.encrypted, dryRun: v['dry-run'] === true, keys: new StreamedList(keys()), roots, ignored: new StreamedList(candidates.ignored), ...(archivesTo ? { archives: archivesJson } : {}) });
      ctx.stdout('\n');
    } else {
      ctx.stdout(`${v['dry-run'] ? 'Dry run: nothing written. ' : ''}Restoring ${file} into ${ctx.trustDir}\n`);
      writeLines(ctx.stdout, keys(), (k) => `  ${k.id}  ${(k.role ?? '?').padEnd(10)} ${k.gun ?? ''}  ${k.state}: ${k.action}\n`);
      const rest =
        roots.map((r) => `  pinned root of ${r.gun} (root keys ${r.keyIds.join(', ')})  ${r.state}: ${r.action}\n`).join('') +
        candidates.roots
            .filter((r) => !rootGuns.includes(r.gun))
            .map((r) => `  pinned root of ${r.gun} (root keys ${r.keyIds.join(', ')}) not restored: name it with --pinned-roots ${r.gun} to restore it\n`)
            .join('') +
        archives.map((a) => `  trust-data archive extracted to ${a.dir}: ${a.ok ? 'verified' : `does NOT verify (${a.problems.map((p) => `${p.file}: ${p.message}`).join('; ')})`}\n`).join('');
      if (rest !== '') ctx.stdout(rest);
    }
    return archives.every((a) => a.ok) ? 0 : 1;
  } finally {
    staging?.discard();
    for (const k of opened.keys.values()) k.data?.fill(0);
  }
}

export async function backup(ctx: CliContext): Promise<number> {
  const sub = ctx.args.positionals[1];
  // Memory stays flat as keys grow (issue 13, point 2): see lean-process.ts.
  if (sub === 'create' || sub === 'verify' || sub === 'restore') tightHeap();
  if (sub === 'create') return create(ctx);
  if (sub === 'verify') return verify(ctx);
  if (sub === 'restore') return restore(ctx);
  throw new UsageError(`unknown command: backup ${sub ?? '(none)'}`);
}
