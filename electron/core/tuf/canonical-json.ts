import { VaultError } from '../errors';

/**
 * Canonical JSON as notary (docker/go/canonical/json) writes it, the bytes TUF signatures are made over:
 * object keys sorted bytewise (UTF-8) at every depth, no whitespace, strings escaping only `"` and `\`
 * (control characters, `<>&`, U+2028 and non-ASCII are written raw: this is not RFC 8785), integers only.
 * Object properties that are `undefined` are left out, as JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

const fail = (path: string, why: string) => new VaultError('INVALID_ARGUMENT', `canonical JSON at ${path}: ${why}`);

function write(v: unknown, path: string): string {
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
      if (Array.isArray(v)) return `[${v.map((x, i) => write(x, `${path}[${i}]`)).join(',')}]`;
      return writeObject(v as object, path);
    default:
      throw fail(path, `${typeof v} cannot be encoded`);
  }
}

function writeObject(o: object, path: string): string {
  const proto = Object.getPrototypeOf(o);
  if (proto !== Object.prototype && proto !== null) throw fail(path, 'only plain objects can be encoded');
  const entries = Object.entries(o)
    .filter(([, x]) => x !== undefined)
    .map(([k, x]) => ({ k, key: Buffer.from(k, 'utf8'), x }))
    .sort((a, b) => Buffer.compare(a.key, b.key));
  return `{${entries.map(({ k, x }) => `${quote(k, path)}:${write(x, `${path}.${k}`)}`).join(',')}}`;
}

function quote(s: string, path: string): string {
  // A lone surrogate has no UTF-8 form; Go would sign U+FFFD instead, so refuse rather than sign something else.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(s)) throw fail(path, 'lone surrogate in string');
  return `"${s.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}
