/**
 * pax extended header records (POSIX.1-2001): "<length> <key>=<value>\n", where length counts the whole record,
 * its own digits included.
 */

/** Encodes records in the order given. */
export function encodePaxRecords(records: ReadonlyArray<readonly [string, string]>): Buffer {
  return Buffer.concat(
    records.map(([key, value]) => {
      const body = Buffer.byteLength(` ${key}=${value}\n`);
      // The length includes its own digits: grow until the digit count is stable.
      let length = body + String(body).length;
      while (length !== body + String(length).length) length = body + String(length).length;
      return Buffer.from(`${length} ${key}=${value}\n`);
    }),
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses pax records; throws a plain Error describing the first malformed one (the caller adds context). */
export function parsePaxRecords(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  let at = 0;
  while (at < data.length) {
    const space = data.indexOf(0x20, at);
    const digits = space < 0 ? '' : Buffer.from(data.subarray(at, space)).toString('latin1');
    if (!/^[0-9]{1,7}$/.test(digits)) throw new Error(`a pax record at byte ${at} has no valid length`);
    const length = Number(digits);
    const end = at + length;
    if (end > data.length || end <= space + 1 || data[end - 1] !== 0x0a) throw new Error(`a pax record at byte ${at} has a wrong length`);
    const body = data.subarray(space + 1, end - 1);
    const eq = body.indexOf(0x3d);
    if (eq <= 0) throw new Error(`a pax record at byte ${at} has no key`);
    let key: string;
    let value: string;
    try {
      key = utf8.decode(body.subarray(0, eq));
      value = utf8.decode(body.subarray(eq + 1));
    } catch {
      throw new Error(`a pax record at byte ${at} is not valid UTF-8`);
    }
    records.set(key, value);
    at = end;
  }
  return records;
}
