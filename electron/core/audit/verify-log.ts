import type { AuditEntry, AuditProblem, AuditVerification } from '../../../shared/dto/vault';
import { ZERO_HASH, hashOf, parseLine } from './entry';

/** What `head.json` says the chain ends with; null when there is no head file. 'unreadable' when it is damaged. */
export type HeadRecord = { seq: number; hash: string } | null | 'unreadable';

/** At most this many problems are listed (a file of garbage would otherwise give one per line). */
const MAX_PROBLEMS = 1000;

export interface LogLine {
  /** 1-based line number in the file. */
  line: number;
  text: string;
}

/** Splits the file into lines; a last line without its newline is kept (and is then reported: it is a torn write). */
export function splitLines(text: string): { lines: LogLine[]; torn: boolean } {
  if (text === '') return { lines: [], torn: false };
  const parts = text.split('\n');
  const torn = parts[parts.length - 1] !== '';
  if (!torn) parts.pop();
  return { lines: parts.map((t, i) => ({ line: i + 1, text: t })), torn };
}

interface Placed {
  line: number;
  entry: AuditEntry;
}

const range = (from: number, to: number) => (from === to ? `#${from}` : `#${from} to #${to}`);

/**
 * Walks the log (issue 7, point 5) and reports every problem with its line:
 * - malformed: a line that is not an entry as this app writes them (not JSON, wrong fields, torn last line);
 * - edited: an entry whose content no longer matches its own hash, whose link (`prev`) does not match the entry
 *   before it in the chain, or a second entry with the same number (one was inserted);
 * - removed: numbers missing from the chain (its start or its middle);
 * - reordered: an entry further down the file than one numbered after it;
 * - truncated: the chain ends before what head.json recorded (entries removed from the end, or the file is gone).
 * Links are checked in chain order (by seq), order separately in file order, so one swap is one problem, not three.
 */
export function verifyLog(text: string | null, head: HeadRecord): AuditVerification {
  const problems: AuditProblem[] = [];
  const add = (p: AuditProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(p);
  };
  const { lines, torn } = splitLines(text ?? '');
  const placed: Placed[] = [];
  const malformedLines: number[] = [];
  for (const l of lines) {
    const parsed = parseLine(l.text);
    if ('problem' in parsed) {
      malformedLines.push(l.line);
      const isTorn = torn && l.line === lines.length;
      add({ line: l.line, kind: 'malformed', message: isTorn ? `Line ${l.line} is cut off (a write that did not finish): ${parsed.problem}` : `Line ${l.line} is not an audit entry: ${parsed.problem}` });
      continue;
    }
    placed.push({ line: l.line, entry: parsed.entry });
  }

  // 1. Each entry against its own hash. An entry that fails it is not also blamed for its link (one edit, one problem).
  const edited = new Set<Placed>();
  for (const p of placed) {
    let computed: string | null;
    try {
      computed = hashOf(p.entry);
    } catch {
      computed = null;
    }
    if (computed !== p.entry.hash) edited.add(p);
    if (computed !== p.entry.hash) add({ line: p.line, kind: 'edited', message: `Entry #${p.entry.seq} (${p.entry.action}) was changed after it was written: its content no longer matches its hash` });
  }

  // 2. File order: an entry below one with a higher number was moved.
  let highest: Placed | null = null;
  for (const p of placed) {
    if (highest && p.entry.seq < highest.entry.seq) {
      add({ line: p.line, kind: 'reordered', message: `Entry #${p.entry.seq} comes after entry #${highest.entry.seq} (line ${highest.line}): entries were moved` });
    }
    if (!highest || p.entry.seq > highest.entry.seq) highest = p;
  }

  // 3. Chain order: numbers without gaps, each entry linking to the one numbered before it.
  const bySeq = [...placed].sort((a, b) => a.entry.seq - b.entry.seq || a.line - b.line);
  const malformedBetween = (a: number, b: number) => malformedLines.filter((l) => l > Math.min(a, b) && l < Math.max(a, b)).length;
  let pred: Placed | null = null;
  for (let i = 0; i < bySeq.length; i++) {
    const p = bySeq[i]!;
    const e = p.entry;
    if (pred && e.seq === pred.entry.seq) {
      // Two entries claim the same number: the one the next entry links to belongs to the chain; the other was inserted.
      const next = bySeq.slice(i + 1).find((n) => n.entry.seq === e.seq + 1);
      const intruder = next && next.entry.prev === e.hash && next.entry.prev !== pred.entry.hash ? pred : p;
      const kept = intruder === p ? pred : p;
      add({ line: intruder.line, kind: 'edited', message: `A second entry #${e.seq} (the chain goes on from line ${kept.line}): an entry was inserted` });
      if (intruder === pred) pred = p;
      continue;
    }
    const expected = pred ? pred.entry.seq + 1 : 1;
    if (e.seq > expected) {
      // Lines that are malformed may be the missing entries: they are reported as malformed already.
      const gap = e.seq - expected;
      const unreadable = malformedBetween(pred ? pred.line : 0, p.line);
      if (gap > unreadable) {
        add({ line: p.line, kind: 'removed', message: pred ? `Entries ${range(expected, e.seq - 1)} are missing between entry #${pred.entry.seq} and entry #${e.seq}` : `Entries ${range(1, e.seq - 1)} are missing from the start of the log` });
      }
    } else if (!edited.has(p) && e.prev !== (pred ? pred.entry.hash : ZERO_HASH)) {
      add({
        line: p.line,
        kind: 'edited',
        message: pred
          ? `Entry #${e.seq} does not link to entry #${pred.entry.seq} (line ${pred.line}): one of them was rewritten or replaced`
          : `Entry #1 does not start the chain (its link is not the zero hash): it was rewritten or replaced`,
      });
    }
    pred = p;
  }

  // 4. The end of the chain against head.json.
  const last = bySeq.length > 0 ? bySeq[bySeq.length - 1]! : null;
  const endLine = lines.length + 1;
  if (head === 'unreadable') {
    add({ line: endLine, kind: 'truncated', message: 'The head file (head.json) is damaged: whether entries were removed from the end cannot be told' });
  } else if (head === null) {
    // An interrupted first write leaves one entry and no head file yet; more entries without it means it was removed.
    if (last && last.entry.seq > 1) add({ line: endLine, kind: 'truncated', message: 'The head file (head.json) is missing: whether entries were removed from the end cannot be told' });
  } else if (!last) {
    if (head.seq > 0) add({ line: 1, kind: 'truncated', message: `The log is ${text === null ? 'gone' : 'empty'}, but ${head.seq} entries were written` });
  } else if (head.seq > last.entry.seq) {
    add({ line: endLine, kind: 'truncated', message: `The log ends at entry #${last.entry.seq}, but entries up to #${head.seq} were written: ${head.seq - last.entry.seq} removed from the end` });
  } else if (head.seq === last.entry.seq) {
    if (head.hash !== last.entry.hash) add({ line: last.line, kind: 'edited', message: `Entry #${last.entry.seq} is not the entry that was written last: it was rewritten` });
  } else if (!(head.seq === last.entry.seq - 1 && head.hash === last.entry.prev)) {
    // One entry beyond the head, linking to it, is a write interrupted before the head file was updated.
    const first = bySeq.find((p) => p.entry.seq > head.seq)!;
    add({ line: first.line, kind: 'edited', message: `Entries from #${head.seq + 1} on were added without the log's own writer (the head file ends at #${head.seq})` });
  }

  return { ok: problems.length === 0, entries: placed.length, head: last ? last.entry.hash : null, problems: problems.sort((a, b) => a.line - b.line) };
}
