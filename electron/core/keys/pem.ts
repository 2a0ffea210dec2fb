import { VaultError } from '../errors';

export interface PemBlock {
  type: string;
  headers: Record<string, string>;
  bytes: Buffer;
}

const BEGIN = /^-----BEGIN ([^-\r\n]*)-----[ \t]*$/;
const END = /^-----END ([^-\r\n]*)-----[ \t]*$/;
const BASE64_LINE = /^[A-Za-z0-9+/=]*$/;

const bad = (reason: string) => new VaultError('BAD_KEY_FILE', reason);

/**
 * Every PEM block in `text`, in order, like Go's repeated pem.Decode but loud: a started block that is cut off or
 * corrupt is an error that says what is wrong, because a half-written key file must not look like "no key".
 * Text outside blocks is ignored (Go ignores it too). Returns [] when there is no BEGIN line at all.
 */
export function decodePem(text: string): PemBlock[] {
  const lines = text.split(/\r?\n/);
  const blocks: PemBlock[] = [];
  let i = 0;
  while (i < lines.length) {
    const begin = BEGIN.exec(lines[i] as string);
    i++;
    if (!begin) continue;
    const type = begin[1] as string;
    const where = `PEM block ${blocks.length + 1} (${type || 'no type'})`;
    const headers: Record<string, string> = {};
    // Headers: "Key: value" lines right after BEGIN, as Go reads them (split at the first colon, trimmed).
    for (; i < lines.length; i++) {
      const line = lines[i] as string;
      const colon = line.indexOf(':');
      if (colon < 0) break;
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
    }
    const body: string[] = [];
    let ended = false;
    for (; i < lines.length; i++) {
      const line = (lines[i] as string).trim();
      if (line.startsWith('-----')) {
        const end = END.exec(line);
        if (!end) throw bad(`${where}: missing END line (found "${line.slice(0, 40)}" instead)`);
        if (end[1] !== type) throw bad(`${where}: END line says "${end[1]}", not "${type}"`);
        ended = true;
        i++;
        break;
      }
      if (!BASE64_LINE.test(line)) throw bad(`${where}: bad base64 on line ${i + 1}`);
      body.push(line);
    }
    if (!ended) throw bad(`${where}: missing END line (the file is truncated)`);
    blocks.push({ type, headers, bytes: decodeBase64Strict(body.join(''), where) });
  }
  return blocks;
}

function decodeBase64Strict(b64: string, where: string): Buffer {
  // Buffer.from(…, 'base64') silently skips junk; Go's StdEncoding (with padding) does not, so check first.
  if (b64.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(b64)) {
    throw bad(`${where}: bad base64 (${b64.length % 4 !== 0 ? 'length is not a multiple of 4' : 'misplaced padding'})`);
  }
  const bytes = Buffer.from(b64, 'base64');
  if (bytes.toString('base64') !== b64) throw bad(`${where}: bad base64 (non-canonical padding bits)`);
  return bytes;
}

/**
 * Byte-exact Go pem.Encode: Proc-Type first, the other headers sorted bytewise, a blank line after headers,
 * base64 in 64-column lines, a trailing newline. Header keys and values must not break the line format.
 */
export function encodePem(block: PemBlock): string {
  const checkText = (s: string, what: string) => {
    if (/[\r\n]/.test(s)) throw new VaultError('INVALID_ARGUMENT', `PEM ${what} must not contain a line break`);
  };
  checkText(block.type, 'type');
  if (block.type.includes('-')) throw new VaultError('INVALID_ARGUMENT', 'PEM type must not contain "-"');
  const keys = Object.keys(block.headers);
  for (const k of keys) {
    checkText(k, 'header name');
    checkText(block.headers[k] as string, `header ${k}`);
    if (k.includes(':')) throw new VaultError('INVALID_ARGUMENT', `PEM header name "${k}" contains a colon`);
  }
  const ordered = keys.filter((k) => k !== 'Proc-Type').sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  if (keys.includes('Proc-Type')) ordered.unshift('Proc-Type');
  let out = `-----BEGIN ${block.type}-----\n`;
  for (const k of ordered) out += `${k}: ${block.headers[k]}\n`;
  if (ordered.length > 0) out += '\n';
  const b64 = block.bytes.toString('base64');
  for (let p = 0; p < b64.length; p += 64) out += `${b64.slice(p, p + 64)}\n`;
  return `${out}-----END ${block.type}-----\n`;
}
