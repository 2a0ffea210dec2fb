import { isAbsolute, relative, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { mimeTypeOf } from './mime-types';

export type AppRequestResolution =
  | { ok: true; filePath: string; mimeType: string }
  | { ok: false; status: 400 | 403 | 404; reason: string };

const refuse = (status: 400 | 403 | 404, reason: string): AppRequestResolution => ({ ok: false, status, reason });

/**
 * Maps an app://vault/... URL to a file under rootDir, or says why not. Parsed with the URL parser, then every
 * decoded segment is checked, so ../, %2e%2e, encoded slashes or backslashes, NUL, drive letters and NTFS streams
 * (':') and absolute paths can never reach outside rootDir. Only our one host is served; query and fragment are ignored.
 */
export function resolveAppRequest(rawUrl: string, rootDir: string): AppRequestResolution {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    return refuse(400, 'not a URL');
  }
  if (url.protocol !== `${APP_SCHEME}:`) return refuse(403, 'not the app scheme');
  if (url.hostname !== APP_HOST || url.port !== '' || url.username !== '' || url.password !== '') {
    return refuse(403, 'not the app host');
  }

  const rawPath = url.pathname === '' || url.pathname === '/' ? '/index.html' : url.pathname;
  const segments: string[] = [];
  for (const raw of rawPath.split('/').slice(1)) {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return refuse(400, 'badly encoded path');
    }
    if (segment === '' || segment === '.' || segment === '..' || /[/\\\0:]/.test(segment)) {
      return refuse(404, 'not a file of the app');
    }
    segments.push(segment);
  }

  const root = resolve(rootDir);
  const filePath = resolve(root, ...segments);
  const inside = relative(root, filePath);
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return refuse(404, 'not a file of the app');
  }
  const mimeType = mimeTypeOf(filePath);
  if (!mimeType) return refuse(404, 'not a file type the app serves');
  return { ok: true, filePath, mimeType };
}
