const EMPTY = Buffer.alloc(0);

const asBuffer = (bytes: Uint8Array): Buffer => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));

export type LineRead = { kind: 'line'; bytes: Buffer } | { kind: 'ended' } | { kind: 'too-long' };

/**
 * Pulls bytes from an async iterable in the amounts a parser asks for (the age header and payload, tar headers and
 * data), whatever slice sizes the source delivers, holding only the source's current slice plus what one read asks
 * for; never the whole input.
 */
export class ByteSource {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private pending: Buffer = EMPTY;
  private exhausted = false;
  /** Bytes handed out or skipped so far, for messages that say where in the input something is. */
  position = 0;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** True when the source has no more bytes; reads ahead one slice to know, as Go age reads one byte ahead. */
  async atEnd(): Promise<boolean> {
    while (this.pending.length === 0 && !this.exhausted) {
      const next = await this.iterator.next();
      if (next.done) this.exhausted = true;
      else this.pending = asBuffer(next.value);
    }
    return this.pending.length === 0;
  }

  /**
   * Up to `count` bytes; fewer only when the source ends first. May be a view of the source's slice (no copy in the
   * common case): copy what is kept for long, so it does not pin a large slice.
   */
  async read(count: number): Promise<Buffer> {
    if (await this.atEnd()) return EMPTY;
    if (this.pending.length >= count) return this.take(count);
    const out = Buffer.allocUnsafe(count);
    let filled = 0;
    while (filled < count && !(await this.atEnd())) {
      filled += this.take(count - filled).copy(out, filled);
    }
    return out.subarray(0, filled);
  }

  /** Discards up to `count` bytes; returns how many there were (fewer only when the source ends first). */
  async skip(count: number): Promise<number> {
    let skipped = 0;
    while (skipped < count && !(await this.atEnd())) skipped += this.take(count - skipped).length;
    return skipped;
  }

  /** The next line without its '\n'. A line longer than `maxBytes` is reported, not buffered. */
  async readLine(maxBytes: number): Promise<LineRead> {
    const parts: Buffer[] = [];
    let length = 0;
    while (!(await this.atEnd())) {
      const newline = this.pending.indexOf(0x0a);
      const piece = this.take(newline < 0 ? this.pending.length : newline);
      length += piece.length;
      if (length > maxBytes) return { kind: 'too-long' };
      parts.push(piece);
      if (newline >= 0) {
        this.take(1);
        return { kind: 'line', bytes: Buffer.concat(parts, length) };
      }
    }
    return { kind: 'ended' };
  }

  /**
   * Lets the source release what it holds (an open file) when reading stops early. A no-op once it has ended; its
   * errors on the way out are not ours to report (the reader already failed or finished).
   */
  async close(): Promise<void> {
    this.pending = EMPTY;
    if (this.exhausted) return;
    this.exhausted = true;
    try {
      await this.iterator.return?.();
    } catch {
      // Closing changes nothing about what was read.
    }
  }

  private take(count: number): Buffer {
    const taken = this.pending.subarray(0, count);
    this.pending = this.pending.subarray(count);
    this.position += taken.length;
    return taken;
  }
}
