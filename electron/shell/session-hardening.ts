import type { Session } from 'electron';
import { shouldAllowRequest } from './request-filter';

/** What hardening needs of a Session; a subset, so tests can hand in a fake. */
export type HardenableSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'
>;

/**
 * The vault needs no web permission: camera, microphone, notifications, clipboard API, geolocation, HID, serial,
 * USB, fullscreen, openExternal... are all refused, both when a page asks and when Chromium merely checks.
 * Every request that is not our own app:// origin (or DevTools) is cancelled before it leaves.
 */
export function hardenSession(session: HardenableSession): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !shouldAllowRequest(details.url) }));
}
