import { isAscii } from 'node:buffer';

/**
 * canonicalJson(JSON.parse(file).signed) made straight from the file's bytes, or null when that is not provably the
 * same and the caller must re-encode. notary writes `signed` in canonical form already, so this is usually the exact
 * bytes of the `signed` value within the file (no copy); when only the order of object members differs, the same
 * bytes with the members sorted. Either way no string is built (the hot path of trust status over 10,000 targets).
 *
 * The check is deliberately narrower than canonical JSON, so that acceptance implies equality:
 * - no whitespace anywhere in the value;
 * - strings hold only ASCII 0x20..0x7F, escaping only `\"` and `\\` (canonicalJson writes exactly those escapes;
 *   anything else, e.g. `\u0041`, `\/`, or non-ASCII bytes whose UTF-8 may be invalid, falls back);
 * - object keys are ASCII with no escapes, and never repeat within an object (JSON.parse keeps the last of
 *   duplicates, which the raw bytes would not reflect); out of order, they are sorted bytewise;
 * - numbers are integers of at most 15 digits (always safe integers), no leading zeros, no `-0`;
 * - literals `true`, `false`, `null`;
 * - the file's top level holds exactly one `signed` member, named without escapes (so it is the one JSON.parse keeps).
 * Call only with bytes JSON.parse accepted.
 */
export function canonicalSignedSpan(b: Buffer): Buffer | null {
  try {
    return findSpan(b);
  } catch {
    // e.g. stack overflow on absurd nesting: the slow path decides.
    return null;
  } finally {
    work = null;
    text = null;
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

const isWs = (c: number | undefined) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

function ws(b: Buffer, i: number): number {
  while (i < b.length && isWs(b[i])) i++;
  return i;
}

function findSpan(b: Buffer): Buffer | null {
  // Non-ASCII (which may be invalid UTF-8, decoded to U+FFFD) takes the slow path; checking once here spares a
  // test per byte below.
  if (!isAscii(b)) return null;
  let i = ws(b, 0);
  if (b[i] !== LBRACE) return null;
  i = ws(b, i + 1);
  if (b[i] === RBRACE) return null;
  let span: Buffer | null = null;
  for (;;) {
    if (b[i] !== QUOTE) return null;
    const ks = i + 1;
    let ke = ks;
    for (; ke < b.length && b[ke] !== QUOTE; ke++) if (b[ke] === BACKSLASH) return null;
    if (ke >= b.length) return null;
    i = ws(b, ke + 1);
    if (b[i] !== COLON) return null;
    i = ws(b, i + 1);
    const isSigned =
      ke - ks === 6 && b[ks] === 0x73 && b[ks + 1] === 0x69 && b[ks + 2] === 0x67 && b[ks + 3] === 0x6e && b[ks + 4] === 0x65 && b[ks + 5] === 0x64;
    if (isSigned) {
      if (span !== null || b[i] !== LBRACE) return null;
      origin = i;
      work = null;
      text = null;
      sp = 0;
      backslash = -1;
      const end = canonical(b, i);
      // A copy only when some object was out of order: the file's bytes (which lengths and hashes are over) stay.
      span = end < 0 ? null : work !== null ? (work as Buffer).subarray(0, end - i) : b.subarray(i, end);
      work = null;
      text = null;
      if (span === null) return null;
      i = end;
    } else {
      i = skipValue(b, i);
      if (i < 0) return null;
    }
    i = ws(b, i);
    if (b[i] === COMMA) {
      i = ws(b, i + 1);
      continue;
    }
    if (b[i] !== RBRACE) return null;
    break;
  }
  return ws(b, i + 1) === b.length ? span : null;
}

/** Index of the closing quote of the string opening at `i`, or -1. */
function stringEnd(b: Buffer, i: number): number {
  for (let j = i + 1; j < b.length; j++) {
    const c = b[j];
    if (c === BACKSLASH) j++;
    else if (c === QUOTE) return j;
  }
  return -1;
}

/** Skips any JSON value starting at `i` (whitespace allowed); returns the index after it, or -1. */
function skipValue(b: Buffer, i: number): number {
  let depth = 0;
  for (; i < b.length; i++) {
    const c = b[i]!;
    if (c === QUOTE) {
      i = stringEnd(b, i);
      if (i < 0) return -1;
      if (depth === 0) return i + 1;
    } else if (c === LBRACE || c === LBRACKET) depth++;
    else if (c === RBRACE || c === RBRACKET) {
      if (depth === 0) return i;
      if (--depth === 0) return i + 1;
    } else if (depth === 0 && (c === COMMA || isWs(c))) return i;
  }
  return depth === 0 ? i : -1;
}

/** Bytewise comparison of b[as..ae) and b[bs..be). */
function compare(b: Buffer, as: number, ae: number, bs: number, be: number): number {
  const n = Math.min(ae - as, be - bs);
  for (let k = 0; k < n; k++) {
    const d = b[as + k]! - b[bs + k]!;
    if (d !== 0) return d;
  }
  return ae - as - (be - bs);
}

function literal(b: Buffer, i: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (b[i + k] !== word.charCodeAt(k)) return -1;
  return i + word.length;
}

/**
 * The next backslash at or after where canonicalStringEnd last looked (w.length when none), so a string is found with native
 * searches instead of a loop over its bytes in JavaScript (which a short-lived CLI process never optimises).
 * Bytes behind the scan may be reordered, bytes ahead never are, so the position stays right.
 */
let backslash = -1;

/**
 * Index of the closing quote of the string whose contents start at `j`, or -1 when it holds an escape other than
 * `\"` and `\\` (or any escape, for a key). Raw control characters cannot occur: JSON.parse accepted the bytes.
 */
function canonicalStringEnd(w: Buffer, j: number, escapes: boolean): number {
  for (;;) {
    const q = w.indexOf(QUOTE, j);
    if (q < 0) return -1;
    if (backslash < j) {
      backslash = w.indexOf(BACKSLASH, j);
      if (backslash < 0) backslash = w.length;
    }
    if (backslash > q) return q;
    if (!escapes) return -1;
    const next = w[backslash + 1];
    if (next !== QUOTE && next !== BACKSLASH) return -1;
    j = backslash + 2;
  }
}

/**
 * Where `signed` starts in the file, and from the first reorder on, a copy of the file from there in which objects
 * are sorted (positions in it are offset by `origin`). Checking always reads the file: bytes ahead of the scan are
 * the same in both, and bytes behind it are read again only by reorder, from the copy.
 */
let origin = 0;
let work: Buffer | null = null;
/** The file as text, decoded on the first reorder (see reorder). */
let text: string | null = null;

/** Member starts and key ends of the objects being checked, innermost last: one array for all, not one per object. */
const stack: number[] = [];
let sp = 0;

/**
 * Checks the value at w[i..] (the file) is in the narrow form above (the caller has checked the bytes are ASCII)
 * and, where an object's members are out of order, writes it sorted bytewise by key into `work` (same length). Returns the index after the value, or
 * -1: not in the narrow form, or an object repeats a key (JSON.parse keeps the last of those: the slow path decides).
 */
function canonical(w: Buffer, i: number): number {
  const c = w[i];
  if (c === LBRACE) {
    if (w[i + 1] === RBRACE) return i + 2;
    const base = sp;
    let sorted = true;
    let j = i + 1;
    for (;;) {
      if (w[j] !== QUOTE) return -1;
      const ke = canonicalStringEnd(w, j + 1, false);
      if (ke < 0 || w[ke + 1] !== COLON) return -1;
      if (sp > base && sorted && compare(w, stack[sp - 2]! + 1, stack[sp - 1]!, j + 1, ke) >= 0) sorted = false;
      stack[sp++] = j;
      stack[sp++] = ke;
      const e = canonical(w, ke + 2);
      if (e < 0) return -1;
      if (w[e] === COMMA) {
        j = e + 1;
        continue;
      }
      if (w[e] !== RBRACE) return -1;
      const end = e + 1;
      if (!sorted && !reorder(w, i, end, base)) return -1;
      sp = base;
      return end;
    }
  }
  if (c === LBRACKET) {
    if (w[i + 1] === RBRACKET) return i + 2;
    let j = i + 1;
    for (;;) {
      const e = canonical(w, j);
      if (e < 0) return -1;
      if (w[e] === COMMA) {
        j = e + 1;
        continue;
      }
      return w[e] === RBRACKET ? e + 1 : -1;
    }
  }
  if (c === QUOTE) {
    const q = canonicalStringEnd(w, i + 1, true);
    return q < 0 ? -1 : q + 1;
  }
  if (c === MINUS || (c !== undefined && c >= ZERO && c <= NINE)) {
    let j = c === MINUS ? i + 1 : i;
    const digits = j;
    if (w[j] === ZERO) {
      if (c === MINUS) return -1; // -0 is written 0
      j++;
    } else {
      while (j < w.length && w[j]! >= ZERO && w[j]! <= NINE) j++;
      if (j === digits) return -1;
    }
    // Up to 15 digits is always a safe integer; anything longer takes the slow path. A fraction or exponent
    // leaves `.`/`e` next, which no caller accepts after a value.
    return j - digits > 15 ? -1 : j;
  }
  if (c === 0x74) return literal(w, i, 'true');
  if (c === 0x66) return literal(w, i, 'false');
  if (c === 0x6e) return literal(w, i, 'null');
  return -1;
}

/**
 * Rewrites the object w[i..end), whose members (already canonical themselves) start at the positions on the stack
 * from `base`, with its members in key order. False when a key repeats.
 */
function reorder(b: Buffer, i: number, end: number, base: number): boolean {
  const n = (sp - base) / 2;
  if (work === null) {
    work = Buffer.from(b.subarray(origin));
    // Keys never move while their object is being checked (only the values inside them are reordered), so the
    // file's own text serves every object: a substring per key, not a decoding.
    text = b.toString('latin1');
  }
  const names: string[] = new Array<string>(n);
  const index = new Map<string, number>();
  for (let m = 0; m < n; m++) {
    const name = text!.slice(stack[base + 2 * m]! + 1, stack[base + 2 * m + 1]!);
    names[m] = name;
    index.set(name, m);
  }
  if (index.size !== n) return false; // a key repeats
  // The default sort compares UTF-16 code units, which for ASCII is byte order (and needs no callback).
  names.sort();
  const out = Buffer.allocUnsafe(end - i);
  let o = 0;
  out[o++] = LBRACE;
  for (let k = 0; k < n; k++) {
    const m = index.get(names[k]!)!;
    if (k > 0) out[o++] = COMMA;
    // A member runs from its key's quote to the comma before the next member, or to the closing brace.
    const from = stack[base + 2 * m]!;
    const to = m + 1 < n ? stack[base + 2 * m + 2]! - 1 : end - 1;
    o += work.copy(out, o, from - origin, to - origin);
  }
  out[o] = RBRACE;
  out.copy(work, i - origin);
  return true;
}
