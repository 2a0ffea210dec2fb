/**
 * What an archive path may be, and how it is shown in messages. A restore joins these paths onto a folder, so
 * anything that could climb out of it (absolute, drive, UNC, `..`) or be read differently on another OS (backslash,
 * NUL) is refused here, once, for every reader.
 */

export type PathCheck = { ok: true; path: string } | { ok: false; reason: string };

/**
 * Checks a path as stored in an archive and normalises it: no leading "./", no empty or "." components, no
 * trailing "/". The archive root ("./" or ".") normalises to "".
 */
export function normaliseEntryPath(raw: string): PathCheck {
  if (raw === '') return { ok: false, reason: 'has an empty path' };
  if (raw.includes('\0')) return { ok: false, reason: 'has a NUL character in its path' };
  if (raw.includes('\\')) return { ok: false, reason: 'has a backslash in its path' };
  if (raw.startsWith('/')) return { ok: false, reason: 'has an absolute path' };
  if (/^[A-Za-z]:/.test(raw)) return { ok: false, reason: 'has a Windows drive path' };
  const parts = raw.split('/');
  if (parts.includes('..')) return { ok: false, reason: 'has a ".." component in its path' };
  return { ok: true, path: parts.filter((p) => p !== '' && p !== '.').join('/') };
}

/** True for a path the writer may store as is: already normalised and not the root. */
export function isCanonicalEntryPath(path: string): boolean {
  const check = normaliseEntryPath(path);
  return check.ok && check.path === path && path !== '';
}

const MAX_SHOWN_CHARS = 200;

/**
 * A path made safe to put in a message: control characters (C0, DEL, C1) and bidi overrides escaped so a hostile
 * name cannot forge log lines or reorder text, and cut to about 200 characters.
 */
export function showPath(raw: string): string {
  const chars = Array.from(raw);
  const cut = chars.length > MAX_SHOWN_CHARS;
  const escaped = (cut ? chars.slice(0, MAX_SHOWN_CHARS) : chars)
    .map((c) => {
      const code = c.codePointAt(0)!;
      const unsafe = code < 0x20 || (code >= 0x7f && code <= 0x9f) || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
      if (!unsafe) return c === '"' ? '\\"' : c;
      return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
    })
    .join('');
  return `"${escaped}${cut ? '…' : ''}"`;
}
