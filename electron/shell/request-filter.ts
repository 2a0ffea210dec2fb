import { APP_HOST, APP_SCHEME } from './app-origin';

/**
 * Whether the window may load a URL at all: only files of our own app:// origin, and Chromium's DevTools front end.
 * Everything else (http, https, file, ws, other custom schemes, other app:// hosts) is blocked, so no remote
 * content ever reaches the vault's window and nothing can be sent out of it.
 */
export function shouldAllowRequest(rawUrl: string): boolean {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return false;
  }
  if (url.protocol === 'devtools:') return true;
  return (
    url.protocol === `${APP_SCHEME}:` &&
    url.hostname === APP_HOST &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  );
}
