/**
 * Output of commands whose reports list every key (`backup create|verify|restore` over 100,000 keys, issue 13,
 * point 2), written a batch at a time instead of built whole: the text or JSON is the same as before, byte for
 * byte, but neither the document nor one object per key is ever held all at once.
 */

const BATCH = 1000;

/** A list inside a JSON document whose items are made as they are written. */
export class StreamedList<T = unknown> {
  constructor(readonly items: Iterable<T>) {}
}

/** `items.map(fn)` without the array. */
export function* mapped<T, U>(items: Iterable<T>, fn: (item: T) => U): Generator<U> {
  for (const item of items) yield fn(item);
}

/** One line per item, `BATCH` lines to a write. */
export function writeLines<T>(out: (text: string) => void, items: Iterable<T>, line: (item: T) => string): void {
  let batch: string[] = [];
  for (const item of items) {
    batch.push(line(item));
    if (batch.length >= BATCH) {
      out(batch.join(''));
      batch = [];
    }
  }
  if (batch.length > 0) out(batch.join(''));
}

/**
 * Writes `value` as JSON.stringify(value) would (no indentation), where a StreamedList stands for an array of its
 * items. Objects and arrays around the lists are small; each list is written `BATCH` items at a time.
 */
export function writeJson(out: (text: string) => void, value: unknown): void {
  const pending: string[] = [];
  const flush = () => {
    if (pending.length > 0) out(pending.join(''));
    pending.length = 0;
  };
  const emit = (text: string) => {
    pending.push(text);
    if (pending.length >= BATCH) flush();
  };
  const write = (v: unknown): void => {
    if (v instanceof StreamedList) {
      emit('[');
      let first = true;
      for (const item of v.items) {
        emit(`${first ? '' : ','}${item === undefined ? 'null' : JSON.stringify(item)}`);
        first = false;
      }
      emit(']');
    } else if (Array.isArray(v) && v.some((x) => x instanceof StreamedList)) {
      emit('[');
      v.forEach((x, i) => {
        if (i > 0) emit(',');
        write(x === undefined ? null : x);
      });
      emit(']');
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v) && containsList(v)) {
      emit('{');
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined || typeof x === 'function') continue;
        emit(`${first ? '' : ','}${JSON.stringify(k)}:`);
        write(x);
        first = false;
      }
      emit('}');
    } else {
      emit(JSON.stringify(v));
    }
  };
  write(value);
  flush();
}

function containsList(v: object): boolean {
  return Object.values(v).some((x) => x instanceof StreamedList || (x !== null && typeof x === 'object' && !Array.isArray(x) && containsList(x)));
}
