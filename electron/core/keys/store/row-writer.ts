/**
 * Where a listing's JSON goes: called with pieces of whole rows in UTF-8 (never a split character), in order. The
 * piece is a view of a buffer that is reused after the call returns: consume or copy it at once.
 */
export type JsonSink = (chunk: Buffer) => void;

const CHUNK = 64 * 1024;

/** Gathers rows into one reused 64 KiB buffer and hands it to the sink when the next row would not fit. */
export class RowWriter {
  readonly #buf = Buffer.allocUnsafe(CHUNK);
  #n = 0;

  constructor(private readonly sink: JsonSink) {}

  bytes(src: Buffer, start: number, end: number): void {
    if (this.#n + (end - start) > CHUNK) this.flush();
    if (end - start > CHUNK) this.sink(src.subarray(start, end));
    else this.#n += src.copy(this.#buf, this.#n, start, end);
  }

  text(s: string): void {
    // Short ASCII text (punctuation, most rows) is its own length in bytes; anything else is measured.
    const len = s.length === 1 && s.charCodeAt(0) < 0x80 ? 1 : Buffer.byteLength(s, 'utf8');
    if (this.#n + len > CHUNK) this.flush();
    if (len > CHUNK) this.sink(Buffer.from(s, 'utf8'));
    else this.#n += this.#buf.write(s, this.#n, 'utf8');
  }

  flush(): void {
    if (this.#n > 0) this.sink(this.#buf.subarray(0, this.#n));
    this.#n = 0;
  }
}
