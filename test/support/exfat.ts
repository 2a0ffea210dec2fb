import { execFile, execFileSync } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, readdirSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeTempDir } from './temp-dir';

/**
 * Real exFAT drives for tests: an image file, formatted with mkfs.exfat, attached to a loop device and mounted
 * through FUSE (exfat-fuse). exfat-fuse mounts as "fuseblk", which needs a block device, hence the loop device.
 * Killing the FUSE process is as close to pulling a USB stick as a test can get: every call on the mount then fails
 * with ENOTCONN.
 *
 * Every mount is registered and removed at process exit even if a test forgets or crashes; tests should still call
 * unmount() (or cleanupExfatMounts() in afterAll).
 */

const run = promisify(execFile);
const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/local/bin', '/usr/bin', '/bin'];

function findTool(name: string): string | null {
  const dirs = [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SBIN];
  for (const dir of dirs) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      /* not here */
    }
  }
  return null;
}

export function exfatSupport(): { available: boolean; reason?: string } {
  if (process.platform !== 'linux') return { available: false, reason: 'exFAT over FUSE is only set up on Linux' };
  if (process.getuid?.() !== 0) return { available: false, reason: 'needs root (loop devices and FUSE mounts)' };
  if (!existsSync('/dev/fuse')) return { available: false, reason: '/dev/fuse is missing' };
  if (!existsSync('/dev/loop-control')) return { available: false, reason: '/dev/loop-control is missing' };
  for (const tool of ['mkfs.exfat', 'mount.exfat-fuse', 'losetup', 'umount']) {
    if (!findTool(tool)) return { available: false, reason: `${tool} is not installed (exfatprogs, exfat-fuse, util-linux)` };
  }
  return { available: true };
}

export interface ExfatMount {
  mountPoint: string;
  image: string;
  /** The loop device the image is attached to, e.g. /dev/loop3. */
  device: string;
  /** Unmounts, detaches and deletes the image. Safe to call twice, and after kill(). */
  unmount(): Promise<void>;
  /** Kills the FUSE process: the drive is "pulled out" (calls on it fail with ENOTCONN) but the image survives. */
  kill(): Promise<void>;
  /** After kill(): clears the dead mount and mounts the same image again at the same place. */
  remount(): Promise<void>;
}

const live = new Set<{ mountPoint: string; device: string; cleanupDir: () => void }>();
let exitHookInstalled = false;

export async function mountExfat(options: { sizeBytes: number; label: string }): Promise<ExfatMount> {
  installExitHook();
  const mkfs = findTool('mkfs.exfat')!;
  const tmp = makeTempDir('tv-exfat-');
  const image = join(tmp.path, 'drive.img');
  const mountPoint = join(tmp.path, 'mnt');
  mkdirSync(mountPoint);
  const fd = openSync(image, 'wx', 0o600);
  ftruncateSync(fd, options.sizeBytes); // sparse, like `truncate -s`
  closeSync(fd);
  await run(mkfs, ['-L', options.label, image]);
  const device = (await run(findTool('losetup')!, ['--find', '--show', image])).stdout.trim();
  const entry = { mountPoint, device, cleanupDir: tmp.cleanup };
  live.add(entry);
  try {
    await fuseMount(device, mountPoint);
  } catch (e) {
    await release(entry);
    throw e;
  }

  return {
    mountPoint,
    image,
    device,
    unmount: () => release(entry),
    kill: async () => {
      const pid = fusePid(device, mountPoint);
      if (pid === null) throw new Error(`no FUSE process found for ${mountPoint}`);
      process.kill(pid, 'SIGKILL');
      await until(() => !existsSync(`/proc/${pid}`), `FUSE process ${pid} to exit`);
    },
    remount: async () => {
      detachMount(mountPoint);
      await fuseMount(device, mountPoint);
    },
  };
}

/** For afterAll: removes every mount this process made that is still there. */
export async function cleanupExfatMounts(): Promise<void> {
  for (const entry of [...live]) await release(entry);
}

async function fuseMount(device: string, mountPoint: string): Promise<void> {
  // mount.exfat-fuse daemonises once mounted, so when it returns the mount is normally there already.
  await run(findTool('mount.exfat-fuse')!, [device, mountPoint]);
  await until(() => isMounted(mountPoint), `${mountPoint} to be mounted`);
}

async function release(entry: { mountPoint: string; device: string; cleanupDir: () => void }): Promise<void> {
  if (!live.delete(entry)) return;
  releaseSync(entry);
}

function releaseSync(entry: { mountPoint: string; device: string; cleanupDir: () => void }): void {
  detachMount(entry.mountPoint);
  try {
    execFileSync(findTool('losetup')!, ['-d', entry.device], { stdio: 'ignore' });
  } catch {
    /* already detached */
  }
  // Never delete through a mount that is somehow still there: that would wipe the image's contents, or worse.
  if (!isMounted(entry.mountPoint)) entry.cleanupDir();
}

/** Unmounts cleanly when the FUSE process is alive, lazily when it is dead (the mount is then just a stale entry). */
function detachMount(mountPoint: string): void {
  for (const [tool, args] of [
    ['fusermount', ['-u', mountPoint]],
    ['umount', [mountPoint]],
    ['umount', ['-l', mountPoint]],
  ] as const) {
    if (!isMounted(mountPoint)) return;
    const path = findTool(tool);
    if (!path) continue;
    try {
      execFileSync(path, [...args], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      /* try the next way */
    }
  }
}

function isMounted(mountPoint: string): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((line) => line.split(' ')[4] === mountPoint.replace(/ /g, '\\040'));
}

/** The FUSE daemon serving this mount: the process whose command line names both the loop device and the folder. */
function fusePid(device: string, mountPoint: string): number | null {
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let argv: string[];
    try {
      argv = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
    } catch {
      continue;
    }
    if (argv.some((a) => a.endsWith('mount.exfat-fuse')) && argv.includes(device) && argv.includes(mountPoint)) {
      return Number(name);
    }
  }
  return null;
}

async function until(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const releaseAll = () => {
    for (const entry of live) releaseSync(entry);
    live.clear();
  };
  process.on('exit', releaseAll);
  // A worker stopped by a signal (Ctrl-C, a runner shutting down) does not run 'exit' handlers: clean up, then let
  // the signal do what it would have done.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      releaseAll();
      process.kill(process.pid, signal);
    });
  }
}
