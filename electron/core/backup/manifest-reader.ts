import type { ManifestKey } from '../../../shared/dto/backups';
import { VaultError } from '../errors';
import type { BackupManifest } from './manifest';
import { checkManifestKey, checkManifestRest, MANIFEST_PATH, MAX_MANIFEST_BYTES, MAX_MANIFEST_KEYS } from './manifest';

/**
 * Reads a backup's manifest as its bytes arrive (issue 13, point 2), so that a manifest of 100,000 keys (36 MB) is
 * never held as bytes, as a string and as a parsed tree all at once. It is our own format, so this knows its shape:
 * the top-level object's `keys` list is cut into its entries as they stream past, each parsed and checked on its own
 * (at most MAX_ENTRY_CHARS, so one entry can never grow without bound); everything else (a few small fields, the
 * pinned roots, carried archives) is kept as text with `"keys": []` in place of the list and parsed at the end
 * with the same checks as before. Role, GUN and algorithm repeat from key to key: one string each is kept.
 *
 * The result is the same as JSON.parse + the manifest's checks (manifest.ts), and stricter where JSON.parse is
 * lenient in ways a manifest must not be: a second `keys` member, or two entries for one path, are refused.
 */

/** One key's entry is a few hundred bytes; its fields are capped at about 1.6 KB in all (manifest.ts). */
export const MAX_ENTRY_CHARS = 16 * 1024;
/** Nesting deeper than the manifest's own shape (which is at most 5 deep) is not a manifest. */
const MAX_DEPTH = 32;

const OPEN_OBJECT = 0x7b; // {
const CLOSE_OBJECT = 0x7d; // }
const OPEN_ARRAY = 0x5b; // [
const CLOSE_ARRAY = 0x5d; // ]
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

/** Where the text being scanned goes. */
type Target = 'rest' | 'item' | 'none';
/** Inside the key list, between entries: what may come next. */
type ListState = 'item-or-end' | 'item' | 'comma-or-end' | 'in-item';

export class ManifestReader {
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });
  readonly #stack: number[] = [];
  #inString = false;
  #escaped = false;
  #bytes = 0;

  /** The document but for the key list, as text. */
  #rest: string[] = [];
  #restChars = 0;

  /** Member names of the top-level object: the raw text of the last string seen at depth 1, and the member now. */
  #name: string[] | null = null;
  #nameChars = 0;
  #lastString: string | null = null;
  #member: string | null = null;

  #inKeys = false;
  #sawKeys = false;
  #list: ListState = 'item-or-end';
  #item: string[] = [];
  #itemChars = 0;
  readonly #keys: ManifestKey[] = [];
  readonly #paths = new Set<string>();
  readonly #interned = new Map<string, string>();

  #target: Target = 'rest';
  #segStart = 0;

  /** Takes the next bytes of the manifest; throws a VaultError (BACKUP_DAMAGED) at the first thing wrong. */
  write(chunk: Uint8Array): void {
    this.#bytes += chunk.length;
    if (this.#bytes > MAX_MANIFEST_BYTES) throw damaged(`it is over ${MAX_MANIFEST_BYTES} bytes`);
    let text: string;
    try {
      text = this.#decoder.decode(chunk, { stream: true });
    } catch {
      throw notJson('it is not valid UTF-8');
    }
    this.#scan(text);
  }

  /** The manifest, once every byte was written; throws when it is incomplete or does not check out. */
  end(): BackupManifest {
    try {
      this.#scan(this.#decoder.decode());
    } catch (e) {
      if (e instanceof VaultError) throw e;
      throw notJson('it is not valid UTF-8');
    }
    if (this.#inString || this.#stack.length > 0) throw notJson('it ends before its last value is complete');
    let json: unknown;
    try {
      json = JSON.parse(this.#rest.join(''));
    } catch {
      throw notJson('it is not valid JSON');
    }
    this.#rest = [];
    try {
      return { ...checkManifestRest(json), keys: this.#keys };
    } catch (e) {
      throw shape(e instanceof Error ? e.message : 'invalid');
    }
  }

  #scan(text: string): void {
    this.#segStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (c === BACKSLASH) this.#escaped = true;
        else if (c === QUOTE) {
          this.#inString = false;
          if (this.#name) this.#endName(text, i);
        }
        continue;
      }
      if (this.#inKeys && this.#stack.length === 2) {
        this.#between(text, i, c);
        continue;
      }
      if (c === QUOTE) {
        this.#inString = true;
        if (this.#stack.length === 1 && !this.#inKeys) {
          this.#name = [];
          this.#nameChars = 0;
          this.#nameFrom = i + 1;
        }
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (this.#stack.length >= MAX_DEPTH) throw notJson(`it nests deeper than ${MAX_DEPTH} levels`);
        if (c === OPEN_ARRAY && this.#stack.length === 1 && this.#member === 'keys') this.#startKeys(text, i);
        this.#stack.push(c);
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        const open = this.#stack.pop();
        if (open !== (c === CLOSE_OBJECT ? OPEN_OBJECT : OPEN_ARRAY)) throw notJson(`a '${String.fromCharCode(c)}' closes nothing it opened`);
        if (this.#inKeys && this.#stack.length === 2) this.#endItem(text, i);
      } else if (this.#stack.length === 1 && !this.#inKeys) {
        if (c === COLON) this.#member = this.#memberName();
        else if (c === COMMA) this.#member = null;
      }
    }
    this.#flush(text, text.length);
    if (this.#name) this.#keepName(text, text.length);
  }

  /** Between the key list's entries (depth 2): only an entry, a comma or the list's end may come. */
  #between(text: string, i: number, c: number): void {
    if (isSpace(c)) return;
    const n = this.#keys.length;
    if (c === OPEN_OBJECT && (this.#list === 'item-or-end' || this.#list === 'item')) {
      this.#switchTo('item', text, i);
      this.#itemChars = 0;
      this.#list = 'in-item';
      this.#stack.push(c);
    } else if (c === COMMA && this.#list === 'comma-or-end') {
      this.#list = 'item';
    } else if (c === CLOSE_ARRAY && (this.#list === 'item-or-end' || this.#list === 'comma-or-end')) {
      this.#stack.pop();
      this.#inKeys = false;
      this.#switchTo('rest', text, i);
    } else if (this.#list === 'item-or-end' || this.#list === 'item') {
      throw shape(`manifest.keys[${n}] is not an object`);
    } else {
      throw notJson(`the key list is malformed after its entry ${n}`);
    }
  }

  #startKeys(text: string, i: number): void {
    if (this.#sawKeys) throw shape('manifest.keys appears more than once');
    this.#sawKeys = true;
    this.#inKeys = true;
    this.#list = 'item-or-end';
    // The '[' stays in the text kept; the entries do not, the ']' that ends them does.
    this.#switchTo('none', text, i + 1);
  }

  #endItem(text: string, i: number): void {
    this.#switchTo('none', text, i + 1);
    this.#list = 'comma-or-end';
    const n = this.#keys.length;
    if (n >= MAX_MANIFEST_KEYS) throw shape(`manifest.keys is not a list (of at most ${MAX_MANIFEST_KEYS})`);
    let json: unknown;
    try {
      json = JSON.parse(this.#item.join(''));
    } catch {
      throw notJson(`its entry manifest.keys[${n}] is not valid JSON`);
    }
    this.#item = [];
    let key: ManifestKey;
    try {
      key = checkManifestKey(json, `manifest.keys[${n}]`);
    } catch (e) {
      throw shape(e instanceof Error ? e.message : 'invalid');
    }
    if (this.#paths.has(key.path)) throw shape(`manifest.keys[${n}] lists ${key.path} a second time`);
    this.#paths.add(key.path);
    this.#keys.push({ ...key, role: this.#intern(key.role), gun: this.#intern(key.gun), algorithm: this.#intern(key.algorithm) });
  }

  #intern(s: string | null): string | null {
    if (s === null) return null;
    const known = this.#interned.get(s);
    if (known !== undefined) return known;
    // A few distinct values in any real backup; a hostile one could make each unique, which costs no more than not interning.
    if (this.#interned.size < 10_000) this.#interned.set(s, s);
    return s;
  }

  /** Sends text[segStart, i) to the current target and starts sending to `target` from i. */
  #switchTo(target: Target, text: string, i: number): void {
    this.#flush(text, i);
    this.#target = target;
    this.#segStart = i;
  }

  #flush(text: string, i: number): void {
    if (i <= this.#segStart) return;
    const piece = text.slice(this.#segStart, i);
    this.#segStart = i;
    if (this.#target === 'rest') {
      this.#restChars += piece.length;
      if (this.#restChars > MAX_MANIFEST_BYTES) throw damaged(`it is over ${MAX_MANIFEST_BYTES} bytes`);
      this.#rest.push(piece);
    } else if (this.#target === 'item') {
      this.#itemChars += piece.length;
      if (this.#itemChars > MAX_ENTRY_CHARS) throw shape(`manifest.keys[${this.#keys.length}] is over ${MAX_ENTRY_CHARS} characters`);
      this.#item.push(piece);
    }
  }

  // The raw text of a string at depth 1, kept (up to a member name's worth) to know which member follows.
  #nameFrom = 0;

  #keepName(text: string, end: number): void {
    const piece = text.slice(this.#nameFrom, end);
    this.#nameFrom = 0;
    this.#nameChars += piece.length;
    if (this.#nameChars <= 256) this.#name!.push(piece);
  }

  #endName(text: string, i: number): void {
    this.#keepName(text, i);
    this.#lastString = this.#nameChars <= 256 ? this.#name!.join('') : null;
    this.#name = null;
  }

  #memberName(): string | null {
    if (this.#lastString === null) return null;
    try {
      return JSON.parse(`"${this.#lastString}"`) as string;
    } catch {
      return null;
    }
  }
}

const notJson = (why: string) => new VaultError('BACKUP_DAMAGED', `The backup's manifest (${MANIFEST_PATH}) is not valid JSON: ${why}`);
const shape = (why: string) => new VaultError('BACKUP_DAMAGED', `The backup's manifest is not one this vault understands (${why})`);
const damaged = (why: string) => new VaultError('BACKUP_DAMAGED', `The backup's manifest (${MANIFEST_PATH}) is refused: ${why}`);

/** The whole manifest from its bytes at once (tests, and callers that hold it anyway). */
export function readManifest(bytes: Uint8Array | string): BackupManifest {
  const reader = new ManifestReader();
  const buf = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  for (let at = 0; at < buf.length; at += 64 * 1024) reader.write(buf.subarray(at, at + 64 * 1024));
  return reader.end();
}
