import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, type Page } from '@playwright/test';
import type { RawDrive } from '../../electron/core/drives/drive-source';
import { channelOf } from '../../shared/contract';
import type { Result } from '../../shared/result';
import { rawDrive } from '../../test/support/raw-drives';
import type { Vault } from './fixtures';

/**
 * Fake removable drives for the backup specs: each is a folder of the test's temporary tree, handed to core as the
 * device data drivelist would report (so core's real drive description, free space and writability checks run).
 */

export interface FakeDrive {
  raw: RawDrive;
  /** The folder standing in for the mounted filesystem (null when not mounted). */
  dir: string | null;
  label: string;
}

export async function fakeDrive(
  vault: Vault,
  options: { device: string; label: string; folder?: string; mounted?: boolean; readOnly?: boolean; description?: string },
): Promise<FakeDrive> {
  const mounted = options.mounted ?? true;
  const dir = mounted ? await vault.dir('drives', options.folder ?? options.label.toLowerCase()) : null;
  const raw = rawDrive({
    device: options.device,
    description: options.description ?? `${options.label} USB stick`,
    mountpoints: dir ? [{ path: dir, label: options.label }] : [],
    isReadOnly: options.readOnly ?? false,
  });
  return { raw, dir, label: options.label };
}

export function plug(vault: Vault, ...drives: FakeDrive[]): void {
  for (const d of drives) vault.drives.plug(d.raw);
}

/** The backup files written to a drive's folder. */
export async function backupFilesOn(drive: FakeDrive): Promise<string[]> {
  if (!drive.dir) return [];
  const names = await readdir(drive.dir, { recursive: true });
  return names.filter((n) => n.endsWith('.age')).map((n) => join(drive.dir!, n));
}

/**
 * Calls core through the same guarded dispatcher the page uses, as the app's main frame: for setting up a state
 * (e.g. a backup to restore from) without walking the UI a second time.
 */
export async function callCore<T>(vault: Vault, group: string, name: string, args: unknown): Promise<T> {
  const r = (await vault.core.dispatch(channelOf(group, name), args, { isMainFrame: true, url: `${vault.origin}/` })) as Result<T>;
  if (!r.ok) throw new Error(`${group}.${name} failed: ${r.code} ${r.message}`);
  return r.value;
}

/** Opens the Backups screen from the navigation and waits for its heading. */
export async function openBackups(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('link', { name: 'Backups' }).click();
  await expect(page.getByRole('heading', { name: 'Backups', level: 1 })).toBeVisible();
}
