import { join } from 'node:path';
import type { TrustDirInfo } from '../../../shared/dto/app';
import type { EventSink, Clock } from '../ports';
import { listRepos, repoStatus } from '../repos/repos';
import { readJsonObject, writeJsonObject } from '../repos/lookup/json-settings';
import { listCachedGuns } from '../tuf/list-guns';

/**
 * Expiry as desktop notifications (issue 15, point 5): at most once a day, for the roles the user signs (a key file of
 * the role is in the trust folder) that expire within 30 days, across every trust folder the app knows. Clicking the
 * notification opens the repository to re-sign (the `expiryNotificationClicked` event). The shell shows it (Electron's
 * Notification); the e2e harness records it.
 */

export interface DesktopNotice {
  title: string;
  body: string;
  onClick: () => void;
}

/** The desktop's notifications, as core sees them. */
export interface Notifier {
  show(notice: DesktopNotice): void;
}

export const NOTIFY_WITHIN_DAYS = 30;
const DAY = 86_400_000;
/** How often the app looks again (a notice still goes out at most once a day). */
export const CHECK_EVERY_MS = 6 * 3600 * 1000;
/** The first look waits this long, so it never competes with opening the app. */
export const FIRST_CHECK_AFTER_MS = 60_000;

export interface ExpiringRole {
  trustDirId: string;
  gun: string;
  role: string;
  expires: string;
  daysLeft: number;
}

/** Roles this user signs that expire within NOTIFY_WITHIN_DAYS (or have expired), soonest first. */
export function expiringSignedRoles(dirs: TrustDirInfo[], now: Date): ExpiringRole[] {
  const out: ExpiringRole[] = [];
  // Folders with no cached repository cost nothing (listRepos would read every key file first).
  for (const d of dirs.filter((x) => x.exists && listCachedGuns(x.path).length > 0)) {
    for (const summary of listRepos(d.path, { now })) {
      let detail;
      try {
        detail = repoStatus(d.path, summary.gun, { now });
      } catch {
        continue;
      }
      const signed = new Set(detail.heldKeys.map((k) => k.role));
      for (const r of detail.roles) {
        if (!r.expires || !signed.has(r.role)) continue;
        const at = Date.parse(r.expires);
        if (Number.isNaN(at) || at - now.getTime() > NOTIFY_WITHIN_DAYS * DAY) continue;
        out.push({ trustDirId: d.id, gun: summary.gun, role: r.role, expires: r.expires, daysLeft: Math.floor((at - now.getTime()) / DAY) });
      }
    }
  }
  return out.sort((a, b) => a.daysLeft - b.daysLeft || a.gun.localeCompare(b.gun));
}

const stateFile = (dataDir: string) => join(dataDir, 'settings', 'notifications.json');
const dayOf = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Looks once: shows one notice (the soonest repository, and how many roles in all) unless one went out today already.
 * Returns what it showed, or null.
 */
export function notifyExpiringOnce(deps: { dataDir: string; dirs: () => TrustDirInfo[]; notifier: Notifier; events: EventSink; now: Date }): DesktopNotice | null {
  const state = readJsonObject<{ lastExpiryNotice: string }>(stateFile(deps.dataDir));
  if (state.lastExpiryNotice === dayOf(deps.now)) return null;
  const roles = expiringSignedRoles(deps.dirs(), deps.now);
  if (roles.length === 0) return null;
  const first = roles[0]!;
  const sameRepo = roles.filter((r) => r.gun === first.gun && r.trustDirId === first.trustDirId).map((r) => r.role);
  const when = first.daysLeft < 0 ? 'has expired' : first.daysLeft === 0 ? 'expires today' : `expires in ${first.daysLeft} day${first.daysLeft === 1 ? '' : 's'}`;
  const others = roles.length - sameRepo.length;
  const notice: DesktopNotice = {
    title: `Re-sign ${first.gun}`,
    body: `Its ${sameRepo.join(', ')} signature ${when}.${others > 0 ? ` ${others} more role${others === 1 ? '' : 's'} you sign expire within ${NOTIFY_WITHIN_DAYS} days.` : ''} Click to re-sign.`,
    onClick: () => deps.events.emit('expiryNotificationClicked', { trustDirId: first.trustDirId, gun: first.gun, roles: sameRepo }),
  };
  writeJsonObject(stateFile(deps.dataDir), { ...state, lastExpiryNotice: dayOf(deps.now) });
  deps.notifier.show(notice);
  return notice;
}

/** Looks now and every CHECK_EVERY_MS while the app runs; returns the way to stop. Failures never reach the user. */
export function startExpiryNotices(deps: { dataDir: string; dirs: () => TrustDirInfo[]; notifier: Notifier; events: EventSink; clock: Clock }): () => void {
  let timer: { cancel(): void } | null = null;
  let stopped = false;
  const tick = () => {
    try {
      notifyExpiringOnce({ ...deps, now: deps.clock.now() });
    } catch {
      /* a notice is a convenience: an unreadable folder must not break the app */
    }
    if (!stopped) timer = deps.clock.setTimeout(tick, CHECK_EVERY_MS);
  };
  timer = deps.clock.setTimeout(tick, FIRST_CHECK_AFTER_MS);
  return () => {
    stopped = true;
    timer?.cancel();
  };
}
