import { createHash } from 'node:crypto';
import { closeSync, constants, existsSync, fchmodSync, fstatSync, fsyncSync, linkSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { hostname, userInfo } from 'node:os';
import { basename, join } from 'node:path';
import type { AuditAction, AuditEntry, AuditFilter, AuditProblem, AuditVerification } from '../../../shared/dto/vault';
import { VaultError, ioError } from '../errors';
import { replaceFileAtomically } from '../fs/atomic-write';
import { ensureSecureDir } from '../fs/secure-dir';
import { MAX_DETAIL_CHARS, MAX_KEY_IDS, MAX_LINE_BYTES, ZERO_HASH, hashOf, isAuditAction, lineOf, parseLine } from './entry';
import { type LockOptions, withFileLock } from './file-lock';
import { type HeadRecord, splitLines, verifyLog } from './verify-log';
import { readFileOrRefuse, readRegularFile } from '../fs/read-regular-file';

/** What a caller records; the log adds seq, time, actor and the chain. */
export interface AuditRecord {
  action: AuditAction;
  keyIds?: readonly string[];
  gun?: string | null;
  role?: string | null;
  result: 'ok' | 'failed';
  /** The error code when result is failed. */
  error?: string | null;
  /** A short note from our own code (a drive label, a count): never a passphrase, a PIN or key material. */
  detail?: string | null;
}

export interface AuditLogOptions {
  /** The app's data folder: the log is `<dataDir>/audit/audit.jsonl`. */
  dataDir: string;
  via: 'app' | 'cli';
  clock?: { now(): Date };
  /** Who is acting; defaults to the OS user and the host name. */
  actor?: { user?: string; host?: string };
  lock?: LockOptions;
}

/** The log is read whole by list and verify: beyond this it is refused rather than exhausting memory. */
const MAX_LOG_BYTES = 512 * 1024 * 1024;
const MAX_NAME_CHARS = 256;
const KEY_ID = /^[0-9A-Za-z._-]{1,128}$/;
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Strings go through canonical JSON for the hash, which has no form for a lone surrogate. */
const clean = (s: string, max = MAX_NAME_CHARS) => s.replace(LONE_SURROGATES, '\uFFFD').slice(0, max);
const cleanOrNull = (s: string | null | undefined, max = MAX_NAME_CHARS) => (s === undefined || s === null ? null : clean(s, max));

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** The text audit.restart asks the user to type. */
export const RESTART_CONFIRMATION = 'start a new log';

export interface AuditRestartReport {
  /** Where the damaged log was kept; null when there was no audit.jsonl (it was gone). */
  keptLog: string | null;
  /** Where its head.json was kept; null when there was none. */
  keptHead: string | null;
  /** sha256 (hex) of the kept log's bytes; null when there was no log. */
  sha256: string | null;
  /** What verification found in the damaged log. */
  problems: AuditProblem[];
  /** The new log's verification: one entry, intact. */
  verification: AuditVerification;
}

/** "2 problems: line 3 edited; line 9 truncated": what verify found, short enough for an entry's detail. */
export function problemsSummary(problems: readonly AuditProblem[], max = 300): string {
  const n = problems.length;
  const head = `${n} problem${n === 1 ? '' : 's'}`;
  if (n === 0) return head;
  const parts = problems.map((p) => (p.kind === 'truncated' ? 'truncated' : `line ${p.line} ${p.kind}`));
  let text = `${head}: ${parts[0]}`;
  let shown = 1;
  for (; shown < parts.length; shown++) {
    const more = parts.length - shown - 1;
    const next = `${text}; ${parts[shown]}`;
    if (next.length + (more > 0 ? ` (+${more} more)`.length : 0) > max) break;
    text = next;
  }
  return shown < parts.length ? `${text} (+${parts.length - shown} more)` : text;
}

function restartDetail(keptLog: string | null, keptHead: string | null, sha256: string | null, size: number, problems: readonly AuditProblem[]): string {
  const kept = keptLog
    ? `The damaged log was kept as ${basename(keptLog)} (sha256 ${sha256}, ${size} bytes)`
    : `There was no audit.jsonl to keep${keptHead ? `; its head file was kept as ${basename(keptHead)}` : ''}`;
  const prefix = `${kept}; verify found `;
  return `${prefix}${problemsSummary(problems, MAX_DETAIL_CHARS - prefix.length)}`;
}

const damaged = (file: string, why: string) =>
  new VaultError(
    'AUDIT_LOG_DAMAGED',
    `The audit log ${file} is damaged (${why}); no entry is added to it, and no operation that needs one runs, until it is looked at (trust-vault audit verify) and you start a new log, which keeps this one aside (trust-vault audit restart --yes, or "Start a new log" in the app)`,
  );

/**
 * The tamper-evident audit log (issue 7, point 5): `<dataDir>/audit/audit.jsonl`, one JSON entry per line, each
 * carrying the sha256 of the one before (`prev`) and of itself (`hash`, over its canonical JSON without `hash`).
 * `<dataDir>/audit/head.json` records the last entry's {seq, hash}, so removing entries from the end shows too.
 *
 * Appends are O_APPEND + fsync under a lock file (file-lock.ts): the app and the CLI may write at the same time.
 * A log whose last line is damaged is never chained onto: append refuses with AUDIT_LOG_DAMAGED. Callers that
 * record user operations go through `audited` (audited.ts), which never lets an audit failure fail the operation.
 *
 * The chain shows edits by anyone who does not recompute every hash after theirs and the head file: it is evidence
 * against accidents and casual tampering, not a signature (anyone who can write the data folder can rewrite it all).
 */
export class AuditLog {
  readonly dir: string;
  readonly file: string;
  readonly headFile: string;
  private readonly lockFile: string;
  private readonly clock: { now(): Date };
  private readonly actor: AuditEntry['actor'];

  constructor(private readonly options: AuditLogOptions) {
    this.dir = join(options.dataDir, 'audit');
    this.file = join(this.dir, 'audit.jsonl');
    this.headFile = join(this.dir, 'head.json');
    this.lockFile = join(this.dir, 'audit.lock');
    this.clock = options.clock ?? { now: () => new Date() };
    this.actor = { user: clean(options.actor?.user ?? osUser()), host: clean(options.actor?.host ?? hostname()), via: options.via };
  }

  /** Adds one entry at the end of the chain and returns it. Throws AUDIT_LOG_DAMAGED rather than chain onto damage. */
  append(record: AuditRecord): AuditEntry {
    const fields = this.fieldsOf(record);
    ensureSecureDir(this.dir);
    return withFileLock(this.lockFile, () => this.appendLocked(fields), this.options.lock);
  }

  /**
   * The way out of a damaged log (contract: audit.restart), only when `confirmation` is exactly "start a new log"
   * and only while the log does not verify: an intact log is never restarted. Under the writers' lock, audit.jsonl
   * and head.json are moved aside (never deleted, never over an existing file) to `audit/damaged-<time>.jsonl` and
   * `.head.json`; then a new chain starts with one 'audit.restarted' entry naming the kept file, its sha256 and what
   * verification found. If the move fails, nothing changes. Returns the new log's verification.
   */
  restart(confirmation: string, options: { tampered?: string | null } = {}): AuditVerification {
    return this.restartWithReport(confirmation, options).verification;
  }

  /** restart, saying also where the damaged log and its head file were kept (paths; null for a file that was not there). */
  restartWithReport(confirmation: string, options: { tampered?: string | null } = {}): AuditRestartReport {
    if (confirmation !== RESTART_CONFIRMATION) {
      throw new VaultError('CONFIRMATION_REQUIRED', `Type "${RESTART_CONFIRMATION}" to confirm moving the damaged audit log aside and starting a new one`);
    }
    ensureSecureDir(this.dir);
    const kept = withFileLock(
      this.lockFile,
      () => {
        const bytes = this.readLogBytes();
        const head = this.readHead();
        const chain = verifyLog(bytes === null ? null : bytes.toString('utf8'), head);
        // A log the vault's checkpoints show as rewritten is not intact either, whatever its own chain says.
        const found = options.tampered ? { ...chain, ok: false, problems: [{ line: 1, kind: 'tampered' as const, message: options.tampered }, ...chain.problems] } : chain;
        if (found.ok) {
          throw new VaultError('INVALID_ARGUMENT', `The audit log is intact (${found.entries} ${found.entries === 1 ? 'entry' : 'entries'}): an intact log is never restarted`);
        }
        const moved = this.moveAside(bytes !== null, head !== null);
        const sha256 = bytes === null ? null : createHash('sha256').update(bytes).digest('hex');
        const detail = restartDetail(moved.log, moved.head, sha256, bytes?.length ?? 0, found.problems);
        this.appendLocked(this.fieldsOf({ action: 'audit.restarted', result: 'ok', detail }));
        return { ...moved, sha256, problems: found.problems };
      },
      this.options.lock,
    );
    return { keptLog: kept.log, keptHead: kept.head, sha256: kept.sha256, problems: kept.problems, verification: this.verify() };
  }

  private appendLocked(fields: ReturnType<AuditLog['fieldsOf']>): AuditEntry {
    const last = this.readLastEntry();
    // A head file left one behind by an interrupted append is brought up to the entry we chain onto before our line is
    // written: otherwise a second interrupted append in a row (kill -9 twice between line and head) would leave it
    // two behind, which no one can tell from a rewritten log, and every later operation would be refused.
    if (this.checkHead(last) && last) replaceFileAtomically(this.headFile, `${JSON.stringify({ seq: last.seq, hash: last.hash })}\n`);
    const body: Omit<AuditEntry, 'hash'> = {
      seq: last ? last.seq + 1 : 1,
      at: this.clock.now().toISOString(),
      ...fields,
      actor: { ...this.actor },
      prev: last ? last.hash : ZERO_HASH,
    };
    const entry: AuditEntry = { ...body, hash: hashOf(body) };
    const line = `${lineOf(entry)}\n`;
    if (Buffer.byteLength(line, 'utf8') > MAX_LINE_BYTES) throw new VaultError('INVALID_ARGUMENT', `An audit entry of ${Buffer.byteLength(line)} bytes is over the ${MAX_LINE_BYTES}-byte limit`);
    this.appendLine(line);
    replaceFileAtomically(this.headFile, `${JSON.stringify({ seq: entry.seq, hash: entry.hash })}\n`);
    return entry;
  }

  /**
   * Moves audit.jsonl and head.json aside under names that did not exist: each is hard-linked to its new name (link
   * fails rather than replace an existing file), and only once every link is made are the old names removed. A
   * failure before that removes the links made and leaves the log as it was.
   */
  private moveAside(log: boolean, head: boolean): { log: string | null; head: string | null } {
    const stamp = this.clock.now().toISOString().replace(/:/g, '-');
    const made: string[] = [];
    const undo = () => {
      for (const p of made) {
        try {
          unlinkSync(p);
        } catch {
          // best effort: the original is still in place
        }
      }
    };
    for (let n = 1; ; n++) {
      const base = join(this.dir, `damaged-${stamp}${n === 1 ? '' : `-${n}`}`);
      const targets = { log: log ? `${base}.jsonl` : null, head: head ? `${base}.head.json` : null };
      try {
        if (targets.log) {
          linkSync(this.file, targets.log);
          made.push(targets.log);
        }
        if (targets.head) {
          linkSync(this.headFile, targets.head);
          made.push(targets.head);
        }
      } catch (e) {
        undo();
        made.length = 0;
        if ((e as NodeJS.ErrnoException).code === 'EEXIST' && n < 100) continue;
        throw ioError('Could not move the damaged audit log aside; nothing was changed', this.file, e);
      }
      try {
        if (targets.log) unlinkSync(this.file);
        if (targets.head) unlinkSync(this.headFile);
      } catch (e) {
        // The log or its head file keeps its old name too: put back what was unlinked, then drop the new names.
        if (targets.log && !existsSync(this.file)) linkSync(targets.log, this.file);
        if (targets.head && !existsSync(this.headFile)) linkSync(targets.head, this.headFile);
        undo();
        throw ioError('Could not move the damaged audit log aside; nothing was changed', this.file, e);
      }
      return targets;
    }
  }

  /** Entries in the order written, matching the filter (a key ID filter matches the start of any of an entry's key IDs). Malformed lines are left out: verify reports them. */
  list(filter: AuditFilter = {}): AuditEntry[] {
    const text = this.whileWritersWait(() => this.readLog());
    if (text === null) return [];
    const since = filter.since !== undefined ? Date.parse(filter.since) : undefined;
    const until = filter.until !== undefined ? Date.parse(filter.until) : undefined;
    const actions = filter.actions && filter.actions.length > 0 ? new Set<string>(filter.actions) : undefined;
    const keyId = filter.keyId?.toLowerCase();
    const out: AuditEntry[] = [];
    for (const l of splitLines(text).lines) {
      const parsed = parseLine(l.text);
      if (!('entry' in parsed)) continue;
      const e = parsed.entry;
      if (actions && !actions.has(e.action)) continue;
      if (filter.result !== undefined && e.result !== filter.result) continue;
      if (keyId !== undefined && !e.keyIds.some((k) => k.toLowerCase().startsWith(keyId))) continue;
      const at = Date.parse(e.at);
      if (since !== undefined && !(at >= since)) continue;
      if (until !== undefined && !(at <= until)) continue;
      out.push(e);
    }
    return out;
  }

  /** The log's text and head file as one consistent read, for comparing with the vault's checkpoints (checkpoint.ts). */
  snapshot(): { text: string | null; head: HeadRecord } {
    const [text, head] = this.whileWritersWait(() => [this.readLog(), this.readHead()] as const);
    return { text, head };
  }

  /**
   * Fails closed (issue 12, point 3): throws AUDIT_LOG_DAMAGED, naming the way out, when an entry could not be
   * appended now (the log's end or head file damaged, the file not writable). Operations that change keys call it
   * before they run, so none happens without its entry.
   */
  checkWritable(): void {
    ensureSecureDir(this.dir);
    withFileLock(
      this.lockFile,
      () => {
        this.checkHead(this.readLastEntry());
        let fd: number;
        try {
          fd = openSync(this.file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o600);
        } catch (e) {
          throw new VaultError('AUDIT_LOG_DAMAGED', `The audit log ${this.file} cannot be written (${(e as NodeJS.ErrnoException).code ?? String(e)}); nothing was done. Fix the folder's permissions, or start a new log (trust-vault audit restart --yes)`);
        }
        closeSync(fd);
      },
      this.options.lock,
    );
  }

  /** Walks the chain: every edited, removed, reordered or malformed entry, and removal from the end (verify-log.ts). */
  verify(): AuditVerification {
    return verifyLog(...this.whileWritersWait(() => [this.readLog(), this.readHead()] as const));
  }

  /** The log as JSON lines, each line exactly as written; lines that are not entries (verify names them) are left out. */
  exportJsonLines(): string {
    const text = this.whileWritersWait(() => this.readLog());
    if (text === null) return '';
    const kept = splitLines(text).lines.filter((l) => 'entry' in parseLine(l.text));
    return kept.map((l) => `${l.text}\n`).join('');
  }

  /**
   * Reads under the writers' lock, so a line being appended is never seen half-written and the log and its head file
   * agree. A log that cannot be locked (a read-only copy, a lock held too long) is read as it is.
   */
  private whileWritersWait<T>(read: () => T): T {
    if (!existsSync(this.dir)) return read();
    let locked = false;
    try {
      return withFileLock(
        this.lockFile,
        () => {
          locked = true;
          return read();
        },
        this.options.lock,
      );
    } catch (e) {
      if (locked) throw e;
      return read();
    }
  }

  private fieldsOf(r: AuditRecord): Pick<AuditEntry, 'action' | 'keyIds' | 'gun' | 'role' | 'result' | 'error' | 'detail'> {
    if (!isAuditAction(r.action)) throw new VaultError('INVALID_ARGUMENT', `Not an audit action: ${String(r.action).slice(0, 60)}`);
    if (r.result !== 'ok' && r.result !== 'failed') throw new VaultError('INVALID_ARGUMENT', 'An audit result is ok or failed');
    if (typeof r.detail === 'string' && r.detail.length > MAX_DETAIL_CHARS) {
      throw new VaultError('INVALID_ARGUMENT', `An audit detail is a short note (at most ${MAX_DETAIL_CHARS} characters), not ${r.detail.length}`);
    }
    const ids = [...new Set(r.keyIds ?? [])];
    const bad = ids.find((id) => typeof id !== 'string' || !KEY_ID.test(id));
    if (bad !== undefined) throw new VaultError('INVALID_ARGUMENT', `Not a key ID for the audit log: ${String(bad).slice(0, 80)}`);
    let detail = cleanOrNull(r.detail, MAX_DETAIL_CHARS);
    if (ids.length > MAX_KEY_IDS) {
      const more = `(+${ids.length - MAX_KEY_IDS} more keys)`;
      detail = detail === null ? more : `${detail.slice(0, MAX_DETAIL_CHARS - more.length - 1)} ${more}`;
    }
    return {
      action: r.action,
      keyIds: ids.slice(0, MAX_KEY_IDS),
      gun: cleanOrNull(r.gun),
      role: cleanOrNull(r.role),
      result: r.result,
      error: r.result === 'failed' ? cleanOrNull(r.error ?? 'INTERNAL', 64) : null,
      detail,
    };
  }

  private appendLine(line: string): void {
    let fd: number;
    try {
      fd = openSync(this.file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0), 0o600);
    } catch (e) {
      throw ioError('Could not open the audit log', this.file, e);
    }
    try {
      // A file just created gets 0600 whatever the umask; an existing one keeps what it has.
      if (fstatSync(fd).size === 0) fchmodSync(fd, 0o600);
      const data = Buffer.from(line, 'utf8');
      let done = 0;
      while (done < data.length) done += writeSync(fd, data, done, data.length - done);
      fsyncSync(fd);
    } catch (e) {
      throw ioError('Could not write the audit log', this.file, e);
    } finally {
      closeSync(fd);
    }
  }

  /** The last entry, reading only the file's tail; null for an empty or missing log. */
  private readLastEntry(): AuditEntry | null {
    let fd: number;
    try {
      // Never blocks on a FIFO put in the log's place; checked to be a regular file below.
      fd = openSync(this.file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0) | (constants.O_NOFOLLOW ?? 0));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw ioError('Could not read the audit log', this.file, e);
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new VaultError('FILE_REFUSED', `the audit log ${this.file} is not a regular file (a pipe, a device or a folder); nothing was read`);
      const size = st.size;
      if (size === 0) return null;
      for (let window = Math.min(size, 4096); ; window = Math.min(size, window * 4)) {
        const buf = Buffer.alloc(window);
        const got = readSync(fd, buf, 0, window, size - window);
        if (got !== window) throw damaged(this.file, 'it changed while being read');
        if (buf[window - 1] !== 0x0a) throw damaged(this.file, 'its last line is cut off');
        const start = buf.lastIndexOf(0x0a, window - 2);
        if (start === -1 && window < size) {
          if (window > MAX_LINE_BYTES + 1) throw damaged(this.file, `its last line is longer than ${MAX_LINE_BYTES} bytes`);
          continue;
        }
        const parsed = parseLine(buf.subarray(start + 1, window - 1).toString('utf8'));
        if ('problem' in parsed) throw damaged(this.file, `its last line is not an entry: ${parsed.problem}`);
        return parsed.entry;
      }
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Refuses to chain onto a log that lost its end (head.json ahead of it) or was extended behind the writer's back.
   * Answers true when the head file is one entry behind (or missing after the first): the tolerated trace of an append
   * interrupted after its line and before the head file.
   */
  private checkHead(last: AuditEntry | null): boolean {
    const head = this.readHead();
    if (head === 'unreadable') throw damaged(this.file, 'its head file is unreadable');
    if (head === null) {
      if (last && last.seq > 1) throw damaged(this.file, 'its head file is missing');
      return last !== null;
    }
    if (!last) {
      if (head.seq > 0) throw damaged(this.file, `it is empty or gone, but ${head.seq} entries were written`);
      return false;
    }
    const matches = head.seq === last.seq && head.hash === last.hash;
    // The one tolerated mismatch: the last append was interrupted after its line and before the head file.
    const oneBehind = head.seq === last.seq - 1 && head.hash === last.prev;
    if (!matches && !oneBehind) throw damaged(this.file, head.seq > last.seq ? `entries after #${last.seq} were removed` : 'its end does not match its head file');
    return oneBehind;
  }

  private readHead(): HeadRecord {
    let text: string;
    try {
      const r = readRegularFile(this.headFile, 4096);
      if (r.kind === 'missing') return null;
      if (r.kind !== 'ok') return 'unreadable';
      text = r.bytes.toString('utf8');
    } catch {
      return 'unreadable';
    }
    try {
      const v = JSON.parse(text) as unknown;
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
        const { seq, hash } = v as Record<string, unknown>;
        if (Number.isSafeInteger(seq) && (seq as number) >= 0 && typeof hash === 'string' && /^[0-9a-f]{64}$/.test(hash)) return { seq: seq as number, hash };
      }
    } catch {
      // falls through
    }
    return 'unreadable';
  }

  private readLog(): string | null {
    return this.readLogBytes()?.toString('utf8') ?? null;
  }

  private readLogBytes(): Buffer | null {
    try {
      // Not a regular file (a FIFO never blocks here), a link, or over MAX_LOG_BYTES: FILE_REFUSED names it.
      return readFileOrRefuse(this.file, { what: 'the audit log', maxBytes: MAX_LOG_BYTES });
    } catch (e) {
      if (e instanceof VaultError) throw e;
      throw ioError('Could not read the audit log', this.file, e);
    }
  }
}
