import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import type { KeyInfo } from '../../../../shared/dto/keys';
import { Badge } from '../../components/Badge';
import { GROUPS, nextKeyRow, rowKeyOf, type Row } from './key-groups';
import { KeyBadges, RoleBadge } from './KeyBadges';
import { shortId } from './key-text';
import type { BackupSummary } from './key-backup';

const HEADER_HEIGHT = 76;
const ROW_HEIGHT = 58;

/** The DOM id of a row: a key's file row keeps `key-row-<id>`; its token copies add the token. */
export const rowDomId = (key: Pick<KeyInfo, 'location' | 'id' | 'token'>) =>
  key.location === 'file' ? `key-row-${key.id}` : `key-row-${key.location}-${key.token?.id ?? ''}-${key.id}`;

interface KeyListProps {
  rows: Row[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** The key's backup state for the backup column (verified copies, drives, last check). */
  backupOf: (key: KeyInfo) => BackupSummary;
}

/**
 * The keys as one virtual list: group headers and key rows share it, so 10,000 keys render only what is on screen.
 * A grid with one tab stop: arrow keys, Home/End and PageUp/PageDown move the selection.
 */
export function KeyList({ rows, selectedId, onSelect, backupOf }: KeyListProps) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: (i) => (rows[i]?.type === 'header' ? HEADER_HEIGHT : ROW_HEIGHT),
    getItemKey: (i) => {
      const r = rows[i]!;
      return r.type === 'header' ? `h:${r.group}` : rowKeyOf(r.key);
    },
    overscan: 12,
  });

  // A key ID can have several rows (its file and token copies): selecting the ID selects them all, and the arrows
  // move from the first (up) or the last (down) of them to the next key.
  const selectedIndex = selectedId ? rows.findIndex((r) => r.type === 'key' && r.key.id === selectedId) : -1;
  const selectedLast = selectedId ? rows.findLastIndex((r) => r.type === 'key' && r.key.id === selectedId) : -1;
  const selectedRow = selectedIndex >= 0 ? rows[selectedIndex] : undefined;
  const activeDomId = selectedRow?.type === 'key' ? rowDomId(selectedRow.key) : undefined;

  // Keep the selected row in view when the selection moves by keyboard or from elsewhere.
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const moveTo = useCallback(
    (i: number) => {
      const r = rows[i];
      if (r?.type === 'key') onSelect(r.key.id);
    },
    [rows, onSelect],
  );

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const pageRows = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    let target = -1;
    switch (e.key) {
      case 'ArrowDown':
        target = selectedIndex < 0 ? nextKeyRow(rows, -1, 1) : nextKeyRow(rows, selectedLast, 1, selectedId ?? undefined);
        break;
      case 'ArrowUp':
        target = selectedIndex < 0 ? nextKeyRow(rows, -1, 1) : nextKeyRow(rows, selectedIndex, -1, selectedId ?? undefined);
        break;
      case 'Home':
        target = nextKeyRow(rows, -1, 1);
        break;
      case 'End':
        target = nextKeyRow(rows, rows.length, -1);
        break;
      case 'PageDown': {
        const from = Math.min(rows.length - 1, Math.max(0, selectedIndex) + pageRows);
        target = rows[from]?.type === 'key' ? from : nextKeyRow(rows, from, 1);
        if (target < 0) target = nextKeyRow(rows, rows.length, -1);
        break;
      }
      case 'PageUp': {
        const from = Math.max(0, selectedIndex - pageRows);
        target = rows[from]?.type === 'key' ? from : nextKeyRow(rows, from, -1);
        if (target < 0) target = nextKeyRow(rows, -1, 1);
        break;
      }
      default:
        return;
    }
    e.preventDefault();
    if (target >= 0) moveTo(target);
  };

  return (
    <div
      ref={scrollRef}
      className="key-list"
      role="grid"
      aria-label="Keys"
      aria-rowcount={rows.length}
      aria-activedescendant={activeDomId}
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-testid="key-list"
    >
      <div className="key-list-inner" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => {
          const row = rows[item.index]!;
          const style = { transform: `translateY(${item.start}px)`, height: item.size };
          if (row.type === 'header') {
            const g = GROUPS[row.group];
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 1}
                className={`key-group-header group-${row.group}`}
                style={style}
                data-testid="key-group"
                data-group={row.group}
              >
                <div role="columnheader" className="key-group-text">
                  <span className="key-group-title">
                    {g.title} <span className="key-group-count">{row.count.toLocaleString('en-US')}</span>
                  </span>
                  <span className="key-group-sentence" title={g.sentence}>
                    {g.sentence}
                  </span>
                </div>
              </div>
            );
          }
          const k = row.key;
          const selected = k.id === selectedId;
          return (
            <div
              key={item.key}
              id={rowDomId(k)}
              role="row"
              aria-rowindex={item.index + 1}
              aria-selected={selected}
              className={`key-row${selected ? ' selected' : ''}${k.status === 'broken' ? ' broken' : ''}`}
              style={style}
              data-testid="key-row"
              data-key-id={k.id}
              data-location={k.location}
              data-status={k.status}
              onClick={() => onSelect(k.id)}
            >
              <div role="gridcell" className="key-cell-main">
                <div className="key-line1">
                  {k.status === 'broken' ? <Badge tone="broken">broken</Badge> : <RoleBadge info={k} />}
                  {k.status === 'broken' ? (
                    <span className="key-file mono" title={k.file}>
                      {k.file}
                    </span>
                  ) : (
                    <span className="key-gun" title={k.gun ?? undefined}>
                      {k.gun ?? <span className="muted">{k.kind === 'root' || k.kind === 'delegation' ? 'any repository' : 'no GUN'}</span>}
                    </span>
                  )}
                </div>
                <div className="key-line2">
                  {k.status === 'broken' ? (
                    <span className="broken-reason">{k.problem?.reason ?? 'Unreadable'}</span>
                  ) : (
                    <span className="mono key-short-id" title={k.id}>
                      {shortId(k.id)}
                    </span>
                  )}
                </div>
              </div>
              <div role="gridcell" className="key-cell-badges">
                {k.status === 'ok' && <KeyBadges info={k} compact />}
              </div>
              <div role="gridcell" className="key-cell-backup" data-testid="key-backup" data-backup={k.status === 'ok' ? backupOf(k).status : 'n/a'}>
                {k.status === 'ok' && <BackupCell backup={backupOf(k)} />}
              </div>
            </div>
          );
        })}
      </div>
    </div>
  );
}

/** The backup column: how many verified copies (or "No backup"), the drives and the last check on hover. */
function BackupCell({ backup }: { backup: BackupSummary }) {
  if (backup.status === 'unknown') return <span className="muted">—</span>;
  return (
    <span className={`key-backup key-backup-${backup.status}`} title={backup.detail}>
      <Badge tone={backup.tone}>{backup.label}</Badge>
      <span className="sr-only">: {backup.detail}</span>
    </span>
  );
}
