import type { BackupCreated, BackupDestination, ChosenBackupFile, CoverageReport, DriveInfo, RestorePreview, RestoreReport, VerifyReport } from '../../../shared/dto/backups';
import { join } from 'node:path';
import { VaultError } from '../errors';
import { listKeys } from '../keys/store/scan';
import type { CorePorts } from '../ports';
import { describeDrives } from '../drives/describe-drives';
import { watchDrives } from '../drives/drive-watcher';
import { ChosenFiles } from './chosen-files';
import { coverageOf } from './coverage';
import type { ResolvedDestination } from './create-backup';
import { archiveDirsOf } from './written-archives';
import { createBackup, destinationOfDrive, folderDestination } from './create-backup';
import { readLedger } from './ledger';
import { locationOf } from './location';
import { openBackup } from './open-backup';
import { applyRestore } from './restore/apply-restore';
import { previewOf, restoreCandidates } from './restore/restore-preview';
import { RestorePlans } from './restore/restore-plans';
import { verifyBackupFile } from './verify-backup';
import type { BackupPassphrases } from '../lock/backup-passphrases';

/**
 * The backup capability behind the contract's `drives` and `backups` groups: drives (followed once asked for),
 * backups written and read back, the ledger's coverage, and restores previewed then applied. Paths come from
 * main's dialogs and the drive list, never from the renderer.
 */
export class BackupService {
  readonly #files = new ChosenFiles();
  readonly #plans: RestorePlans;
  #watcher: { stop(): void } | null = null;
  #saved: BackupPassphrases | null = null;

  constructor(private readonly ports: CorePorts) {
    this.#plans = new RestorePlans(ports.clock);
  }

  /** Backup passphrases the vault keeps (the app binds its vault here; the CLI has none). */
  useSavedPassphrases(saved: BackupPassphrases): void {
    this.#saved = saved;
  }

  /** The passphrase given, else the one the vault saved for the backup this file is a copy of. */
  private passphraseFor(file: string, given: string | undefined): string | undefined {
    return given !== undefined && given !== '' ? given : (this.#saved?.forFile(file) ?? given);
  }

  async drives(): Promise<DriveInfo[]> {
    const drives = await describeDrives(await this.ports.drives.list());
    this.#watcher ??= watchDrives(this.ports.drives, { onChange: (list) => this.ports.events.emit('drives', list) });
    return drives;
  }

  /** Forgets every secret held between calls: checked archives waiting to be restored. */
  forgetSecrets(): void {
    this.#plans.dropAll();
  }

  stop(): void {
    this.#watcher?.stop();
    this.#watcher = null;
  }

  private async resolve(destinations: BackupDestination[]): Promise<ResolvedDestination[]> {
    const drives = destinations.some((d) => d.kind === 'drive') ? await describeDrives(await this.ports.drives.list()) : [];
    const out: ResolvedDestination[] = [];
    for (const d of destinations) {
      if (d.kind === 'folder') {
        const dir = await this.ports.dialogs.chooseFolder({ title: 'Folder for the encrypted backup' });
        if (dir === null) throw new VaultError('CANCELLED', 'Cancelled');
        out.push(folderDestination(dir));
        continue;
      }
      const drive = drives.find((x) => x.id === d.driveId);
      if (!drive) throw new VaultError('DRIVE_UNAVAILABLE', 'That drive is no longer connected: choose a drive again');
      out.push(destinationOfDrive(drive));
    }
    const dirs = out.map((d) => d.dir).filter((d) => d !== null);
    if (new Set(dirs).size !== dirs.length) throw new VaultError('INVALID_ARGUMENT', 'Both copies would go to the same place: choose two different drives');
    return out;
  }

  async create(
    trustDir: string,
    args: { keyIds?: string[] | undefined; includePinnedRoots: boolean; passphrase: string; destinations: BackupDestination[]; jobId: string; archiveIds?: string[] | undefined },
  ): Promise<BackupCreated> {
    const archiveDirs = archiveDirsOf(this.ports.dataDir, args.archiveIds ?? []);
    const destinations = await this.resolve(args.destinations);
    const created = await createBackup(destinations, { ...args, archiveDirs }, {
      dataDir: this.ports.dataDir,
      trustDir,
      appVersion: this.ports.app.version,
      now: () => this.ports.clock.now(),
      progress: (event) => this.ports.events.emit('progress', { jobId: args.jobId, ...event }),
      auditCheckpoint: () => this.#saved?.auditCheckpoint?.() ?? null,
    });
    this.#saved?.remember(created.backupId, args.passphrase);
    return created;
  }

  async chooseFile(): Promise<ChosenBackupFile | null> {
    const paths = await this.ports.dialogs.chooseFilesToOpen({ title: 'Choose a backup file' });
    const path = paths?.[0];
    if (!path) return null;
    const chosen = this.#files.add(path);
    return this.#saved?.forFile(path) !== undefined ? { ...chosen, passphraseInVault: true } : chosen;
  }

  private async locationOf(file: string): Promise<string> {
    try {
      return locationOf(file, await describeDrives(await this.ports.drives.list()));
    } catch {
      return locationOf(file, []);
    }
  }

  async verify(trustDir: string, args: { fileId: string; passphrase: string; jobId: string }): Promise<VerifyReport> {
    const file = this.#files.path(args.fileId);
    return verifyBackupFile(file, this.passphraseFor(file, args.passphrase) ?? '', {
      dataDir: this.ports.dataDir,
      trustDir,
      now: () => this.ports.clock.now(),
      location: await this.locationOf(file),
      onProgress: (done, total) => this.ports.events.emit('progress', { jobId: args.jobId, phase: 'verifying', done, total }),
    });
  }

  coverage(trustDir: string): CoverageReport {
    // Through the listing index the key list uses (handlers.ts): the app asks for coverage right after every listing,
    // and reading all 10,000 key files again held main for a quarter of a second at each start.
    const keys = listKeys(trustDir, { cacheDir: join(this.ports.dataDir, 'cache') });
    return coverageOf(trustDir, keys, readLedger(this.ports.dataDir), this.ports.clock.now());
  }

  async previewRestore(trustDir: string, args: { fileId: string; passphrase?: string | undefined; jobId: string }): Promise<RestorePreview> {
    const file = this.#files.path(args.fileId);
    const opened = await openBackup(file, this.passphraseFor(file, args.passphrase), {
      onProgress: (done, total) => this.ports.events.emit('progress', { jobId: args.jobId, phase: 'reading', done, total }),
    });
    const candidates = restoreCandidates(opened, trustDir);
    return previewOf(this.#plans.put(opened), opened, candidates);
  }

  async restore(trustDir: string, args: { planId: string; keyPaths: string[]; rootGuns: string[] }): Promise<RestoreReport> {
    const report = await applyRestore(this.#plans.get(args.planId), trustDir, args);
    this.#plans.drop(args.planId);
    return report;
  }

  discardRestore(planId: string): null {
    this.#plans.drop(planId);
    return null;
  }
}
