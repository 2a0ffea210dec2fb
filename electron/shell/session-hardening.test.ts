import { describe, expect, it, vi } from 'vitest';
import type { HardenableSession } from './session-hardening';
import { hardenSession } from './session-hardening';

/** Every permission name Electron 41's types list for the request and check handlers, and some it may add later. */
const PERMISSIONS = [
  'clipboard-read', 'clipboard-sanitized-write', 'deprecated-sync-clipboard-read', 'display-capture', 'fileSystem',
  'fullscreen', 'geolocation', 'hid', 'idle-detection', 'keyboardLock', 'media', 'mediaKeySystem', 'midi',
  'midiSysex', 'notifications', 'openExternal', 'pointerLock', 'serial', 'speaker-selection', 'storage-access',
  'top-level-storage-access', 'usb', 'window-management', 'unknown', 'bluetooth', 'some-future-permission',
];

function fakeSession() {
  const captured: {
    request?: (contents: unknown, permission: string, callback: (granted: boolean) => void, details: unknown) => void;
    check?: (contents: unknown, permission: string, origin: string, details: unknown) => boolean;
    device?: (details: unknown) => boolean;
    beforeRequest?: (details: { url: string }, callback: (response: { cancel?: boolean }) => void) => void;
  } = {};
  const session = {
    setPermissionRequestHandler: (h: typeof captured.request) => (captured.request = h),
    setPermissionCheckHandler: (h: typeof captured.check) => (captured.check = h),
    setDevicePermissionHandler: (h: typeof captured.device) => (captured.device = h),
    webRequest: { onBeforeRequest: (h: typeof captured.beforeRequest) => (captured.beforeRequest = h) },
  };
  return { session: session as unknown as HardenableSession, captured };
}

describe('hardenSession', () => {
  it('denies every permission request, whoever asks', () => {
    const { session, captured } = fakeSession();
    hardenSession(session);
    for (const permission of PERMISSIONS) {
      const callback = vi.fn();
      captured.request!({}, permission, callback, { requestingUrl: 'app://vault/index.html' });
      expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    }
  });

  it('answers every permission check with no, even for our own origin', () => {
    const { session, captured } = fakeSession();
    hardenSession(session);
    for (const permission of PERMISSIONS) {
      expect(captured.check!({}, permission, 'app://vault', { requestingUrl: 'app://vault/index.html' })).toBe(false);
    }
  });

  it('denies every device (HID, serial, USB) permission', () => {
    const { session, captured } = fakeSession();
    hardenSession(session);
    for (const deviceType of ['hid', 'serial', 'usb']) expect(captured.device!({ deviceType, origin: 'app://vault' })).toBe(false);
  });

  it('cancels every request that is not our app:// origin or DevTools', () => {
    const { session, captured } = fakeSession();
    hardenSession(session);
    const cancelled = (url: string) => {
      const callback = vi.fn();
      captured.beforeRequest!({ url }, callback);
      expect(callback).toHaveBeenCalledTimes(1);
      return callback.mock.calls[0]![0].cancel;
    };
    expect(cancelled('app://vault/assets/index.js')).toBe(false);
    expect(cancelled('devtools://devtools/bundled/devtools_app.html')).toBe(false);
    for (const url of ['https://example.com/x.js', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://evil/', 'wss://x/']) {
      expect(cancelled(url)).toBe(true);
    }
  });
});
