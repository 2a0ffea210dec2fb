import { VaultError } from '../errors';

/**
 * Canonical JSON as notary (docker/go/canonical/json) writes it, the bytes TUF signatures are made over:
 * object keys sorted bytewise (UTF-8) at every depth, no whitespace, strings escaping only `"` and `\`
 * (control characters, `<>&`, U+2028 and non-ASCII are written raw: this is not RFC 8785), integers only.
 * Object properties that are `undefined` are left out, as JSON.stringify does.
 *
 * Hot path of trust status (10,000 targets): paths for error messages are built only when there is an error, keys
 * are compared as strings, and the regexes run only on strings that need them.
 */
export function canonicalJson(value: unknown): string {
  return write(value, null);
}

/** Where in the value we are, as a linked list, turned into `$.a[3].b` only for an error message. */
interface Path {
  parent: Path | null;
  step: string | number;
}

const render = (p: Path | null): string =>
  p === null ? '$' : `${render(p.parent)}${typeof p.step === 'number' ? `[${p.step}]` : `.${p.step}`}`;

const fail = (path: Path | null, why: string) => new VaultError('INVALID_ARGUMENT', `canonical JSON at ${render(path)}: ${why}`);

function write(v: unknown, path: Path | null): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      if (!Number.isSafeInteger(v)) throw fail(path, `${v} is not a safe integer`);
      return String(v === 0 ? 0 : v); // -0 prints as 0
    case 'bigint':
      return v.toString();
    case 'string':
      return quote(v, path);
    case 'object':
      return Array.isArray(v) ? writeArray(v, path) : writeObject(v as object, path);
    default:
      throw fail(path, `${typeof v} cannot be encoded`);
  }
}

function writeArray(a: unknown[], path: Path | null): string {
  let out = '[';
  for (let i = 0; i < a.length; i++) out += (i ? ',' : '') + write(a[i], { parent: path, step: i });
  return `${out}]`;
}

function writeObject(o: object, path: Path | null): string {
  const proto = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) throw fail(path, 'only plain objects can be encoded');
  const record = o as Record<string, unknown>;
  const keys = Object.keys(record).sort(byUtf8);
  let out = '{';
  let first = true;
  for (const k of keys) {
    const x = record[k];
    if (x === undefined) continue;
    out += `${first ? '' : ','}${quote(k, path)}:${write(x, { parent: path, step: k })}`;
    first = false;
  }
  return `${out}}`;
}

/**
 * Bytewise UTF-8 order. UTF-16 code-unit order agrees with it except between surrogates (U+D800..U+DFFF, which
 * stand for code points above U+FFFF) and U+E000..U+FFFF, so only that case is corrected.
 */
function byUtf8(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

const ANY_SURROGATE = /[\uD800-\uDFFF]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const NEEDS_ESCAPE = /["\\]/;

function quote(s: string, path: Path | null): string {
  // A lone surrogate has no UTF-8 form; Go would sign U+FFFD instead, so refuse rather than sign something else.
  if (ANY_SURROGATE.test(s) && LONE_SURROGATE.test(s)) throw fail(path, 'lone surrogate in string');
  return NEEDS_ESCAPE.test(s) ? `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"` : `"${s}"`;
}
