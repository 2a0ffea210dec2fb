/** Caps that keep a hostile archive from exhausting memory, disk or time during a restore. */
export interface TarLimits {
  /** Entries (files and folders) an archive may hold. */
  maxEntries: number;
  /** Sum of the declared sizes of all entries, pax and long-name records included, checked before any data is read. */
  maxUnpackedBytes: number;
  /** Largest entry whose bytes are kept in memory; key files are a few KiB, so a big one is hostile. */
  maxKeptEntryBytes: number;
}

export const DEFAULT_TAR_LIMITS: TarLimits = {
  maxEntries: 100_000,
  maxUnpackedBytes: 256 * 1024 * 1024,
  maxKeptEntryBytes: 1024 * 1024,
};

/** A pax extended header or GNU long name bigger than this is not a path: refuse it rather than buffer it. */
export const MAX_META_RECORD_BYTES = 64 * 1024;

/** pax/long-name headers allowed in a row before one real entry (a sane writer uses at most two). */
export const MAX_META_HEADERS_IN_A_ROW = 8;

/** Zero padding allowed after the end-of-archive blocks (GNU tar pads to its record size, 10 KiB by default). */
export const MAX_TRAILING_PADDING_BYTES = 1024 * 1024;
