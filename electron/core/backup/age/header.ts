import { decodeBase64Strict, encodeBase64NoPadding } from './base64';
import type { ByteSource } from '../byte-source';
import { AGE_INTRO } from './constants';
import { backupDamaged, backupTruncated, notABackup } from './errors';

export interface Stanza {
  type: string;
  args: string[];
  body: Buffer;
}

export interface ParsedHeader {
  stanzas: Stanza[];
  mac: Buffer;
}

const COLUMNS_PER_LINE = 64;
const BYTES_PER_LINE = (COLUMNS_PER_LINE / 4) * 3;
const MAC_BYTES = 32;
/** A passphrase header is about 150 bytes; the cap keeps a hostile header from filling memory. */
const MAX_HEADER_BYTES = 64 * 1024;
const INTRO_BYTES = Buffer.from(AGE_INTRO, 'latin1');
const INTRO_WITH_CRLF = Buffer.from(AGE_INTRO.replace('\n', '\r'), 'latin1');

export const startsWithAgeIntro = (head: Uint8Array): boolean =>
  head.length >= INTRO_BYTES.length && INTRO_BYTES.equals(Buffer.from(head.buffer, head.byteOffset, INTRO_BYTES.length));

/** Header arguments are non-empty runs of printable ASCII without spaces. */
const isValidArgument = (text: string): boolean => text.length > 0 && [...text].every((c) => c.charCodeAt(0) >= 33 && c.charCodeAt(0) <= 126);

function wrappedBody(body: Uint8Array): string {
  const text = encodeBase64NoPadding(body);
  const lines: string[] = [];
  for (let at = 0; at < text.length; at += COLUMNS_PER_LINE) lines.push(text.slice(at, at + COLUMNS_PER_LINE));
  // The last line is always short, so a reader knows where the body ends: add an empty one when needed.
  if (text.length % COLUMNS_PER_LINE === 0) lines.push('');
  return lines.map((l) => `${l}\n`).join('');
}

/** The bytes the header MAC covers: everything up to and including `---`. */
export function serializeHeaderWithoutMac(stanzas: Stanza[]): Buffer {
  const text = stanzas.map((s) => `-> ${[s.type, ...s.args].join(' ')}\n${wrappedBody(s.body)}`).join('');
  return Buffer.from(`${AGE_INTRO}${text}---`, 'latin1');
}

export const serializeHeader = (stanzas: Stanza[], mac: Uint8Array): Buffer =>
  Buffer.concat([serializeHeaderWithoutMac(stanzas), Buffer.from(` ${encodeBase64NoPadding(mac)}\n`, 'latin1')]);

async function readIntro(source: ByteSource): Promise<void> {
  const head = await source.read(INTRO_BYTES.length);
  if (head.equals(INTRO_BYTES)) return;
  if (head.length === 0) throw notABackup('it is empty');
  if (head.equals(INTRO_WITH_CRLF)) throw backupDamaged('its line endings were converted (it was copied as text), which breaks it');
  if (head.length < INTRO_BYTES.length && INTRO_BYTES.subarray(0, head.length).equals(head)) {
    throw backupTruncated('it ends inside its first line');
  }
  throw notABackup('it does not start with the age-encryption.org/v1 header line');
}

/**
 * Reads the header as strictly as Go age does: Go checks the MAC over a re-serialised header, so anything that
 * would not re-serialise to the same bytes (padding, odd spacing, long or missing body lines) is refused here.
 */
export async function readHeader(source: ByteSource): Promise<ParsedHeader> {
  await readIntro(source);
  const stanzas: Stanza[] = [];
  let open: Stanza | null = null;
  let headerBytes = INTRO_BYTES.length;
  for (let lineNumber = 2; ; lineNumber++) {
    const read = await source.readLine(MAX_HEADER_BYTES - headerBytes);
    if (read.kind === 'ended') throw backupTruncated('it ends inside its header');
    if (read.kind === 'too-long') throw backupDamaged('its header is far larger than any age header');
    headerBytes += read.bytes.length + 1;
    const line = read.bytes.toString('latin1');

    if (open) {
      const chunk = decodeBase64Strict(line);
      if (!chunk) throw backupDamaged(`line ${lineNumber} of its header should be base64 and is not`);
      if (chunk.length > BYTES_PER_LINE) throw backupDamaged(`line ${lineNumber} of its header is longer than 64 characters`);
      open.body = Buffer.concat([open.body, chunk]);
      if (chunk.length < BYTES_PER_LINE) open = null;
    } else if (line.startsWith('---')) {
      const parts = line.split(' ');
      const mac = parts.length === 2 && parts[0] === '---' ? decodeBase64Strict(parts[1]!) : null;
      if (!mac || mac.length !== MAC_BYTES) throw backupDamaged('the last line of its header is malformed');
      if (stanzas.length === 0) throw backupDamaged('its header names no recipient');
      return { stanzas, mac };
    } else if (line.startsWith('->')) {
      const [arrow, type, ...args] = line.split(' ');
      if (arrow !== '->' || type === undefined || ![type, ...args].every(isValidArgument)) {
        throw backupDamaged(`line ${lineNumber} of its header is a malformed recipient line`);
      }
      open = { type, args, body: Buffer.alloc(0) };
      stanzas.push(open);
    } else {
      throw backupDamaged(`line ${lineNumber} of its header is not part of an age header`);
    }
  }
}
