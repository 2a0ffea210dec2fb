import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { AuditEntry } from '../../../../shared/dto/vault';
import { Badge } from '../../components/Badge';
import { shortId } from '../keys/key-text';
import { dateTime } from '../vault/vault-text';
import { actionLabel, scopeLabel, whoLabel } from './audit-text';

const ROW_HEIGHT = 44;

/** The entries as one virtual grid, newest at the bottom as written: 100,000 entries render only what is on screen. */
export function AuditTable({ entries }: { entries: AuditEntry[] }) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: entries.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey: (i) => entries[i]!.seq,
    overscan: 10,
  });

  return (
    <div className="audit-table" role="grid" aria-label="Audit entries" aria-rowcount={entries.length + 1} data-testid="audit-table">
      <div role="row" className="audit-row audit-head" aria-rowindex={1}>
        <span role="columnheader">Time</span>
        <span role="columnheader">Action</span>
        <span role="columnheader">Keys</span>
        <span role="columnheader">GUN / role</span>
        <span role="columnheader">Result</span>
        <span role="columnheader">Who</span>
      </div>
      <div ref={scrollRef} className="audit-scroll" tabIndex={0} aria-label="Audit entries, scrollable">
        <div className="audit-inner" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const e = entries[item.index]!;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                className={`audit-row${e.result === 'failed' ? ' audit-failed' : ''}`}
                style={{ transform: `translateY(${item.start}px)`, height: item.size }}
                data-testid="audit-row"
                data-seq={e.seq}
                data-action={e.action}
                data-result={e.result}
                data-key-ids={e.keyIds.join(' ')}
              >
                <span role="gridcell" className="mono audit-time" title={e.at}>
                  {dateTime(e.at)}
                </span>
                <span role="gridcell" className="audit-action" title={e.detail ?? e.action}>
                  {actionLabel(e.action)}
                  {e.detail && <span className="audit-detail">{e.detail}</span>}
                </span>
                <span role="gridcell" className="mono audit-keys" title={e.keyIds.join('\n')}>
                  {e.keyIds.length === 0 ? <span className="muted">—</span> : e.keyIds.map((id) => shortId(id).replace(/^(.{8}).*$/, '$1…')).join(', ')}
                </span>
                <span role="gridcell" className="audit-scope" title={scopeLabel(e)}>
                  {scopeLabel(e) || <span className="muted">—</span>}
                </span>
                <span role="gridcell">
                  {e.result === 'ok' ? (
                    <Badge tone="ok">ok</Badge>
                  ) : (
                    <Badge tone="danger" title={e.error ?? undefined}>
                      failed{e.error ? ` · ${e.error}` : ''}
                    </Badge>
                  )}
                </span>
                <span role="gridcell" className="audit-who" title={whoLabel(e.actor)}>
                  {e.actor.user}
                  <span className="muted"> · {e.actor.via === 'cli' ? 'CLI' : 'app'}</span>
                </span>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
