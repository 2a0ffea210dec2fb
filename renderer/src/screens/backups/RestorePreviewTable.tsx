import type { RestorePreview, RestoreState } from '../../../../shared/dto/backups';
import { Badge } from '../../components/Badge';
import { roleTone } from '../repos/repo-text';
import { RESTORE_STATE, sortRestoreKeys } from './backup-text';

interface RestorePreviewTableProps {
  preview: RestorePreview;
  keyPaths: ReadonlySet<string>;
  rootGuns: ReadonlySet<string>;
  onKey: (path: string, on: boolean) => void;
  onRoot: (gun: string, on: boolean) => void;
}

/** Each entry of the backup with its state against the target folder; only new entries can be chosen. */
export function RestorePreviewTable({ preview, keyPaths, rootGuns, onKey, onRoot }: RestorePreviewTableProps) {
  return (
    <div className="table-wrap">
      <table className="data-table restore-table" aria-label="Keys in the backup" data-testid="restore-preview">
        <thead>
          <tr>
            <th scope="col">
              <span className="sr-only">Restore</span>
            </th>
            <th scope="col">Key (role, GUN, ID)</th>
            <th scope="col">In the target folder</th>
          </tr>
        </thead>
        <tbody>
          {sortRestoreKeys(preview.keys).map((k) => {
            return (
              <tr key={k.path} data-testid="restore-key" data-key-id={k.id} data-state={k.state}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Restore ${k.role ?? 'key'} ${k.id.slice(0, 12)}`}
                    checked={keyPaths.has(k.path)}
                    disabled={k.state !== 'new'}
                    onChange={(e) => onKey(k.path, e.target.checked)}
                  />
                </td>
                <td>
                  <span className="coverage-key-line">
                    {k.role ? <Badge tone={roleTone(k.role)}>{k.role}</Badge> : <Badge>no role</Badge>}
                    {k.gun && <span className="mono break">{k.gun}</span>}
                  </span>
                  <span className="mono coverage-id" title={k.id}>
                    {k.id.slice(0, 24)}…
                  </span>
                </td>
                <td className="nowrap">
                  <StateBadge state={k.state} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {preview.roots.length > 0 && (
        <>
        <p className="muted" data-testid="restore-roots-note">
          A pinned root says which root keys to trust for a repository. None is chosen for you: restore one only if you recognise its root keys.
        </p>
        <table className="data-table restore-table" aria-label="Pinned roots in the backup" data-testid="restore-roots">
          <thead>
            <tr>
              <th scope="col">
                <span className="sr-only">Restore</span>
              </th>
              <th scope="col">Pinned root of</th>
              <th scope="col">Root keys it trusts</th>
              <th scope="col">In the target folder</th>
            </tr>
          </thead>
          <tbody>
            {preview.roots.map((r) => {
              return (
                <tr key={r.gun} data-testid="restore-root" data-gun={r.gun} data-state={r.state}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Restore the pinned root of ${r.gun}`}
                      checked={rootGuns.has(r.gun)}
                      disabled={r.state !== 'new'}
                      onChange={(e) => onRoot(r.gun, e.target.checked)}
                    />
                  </td>
                  <td className="mono break">{r.gun}</td>
                  <td className="mono break" data-testid="restore-root-keys">
                    {r.keyIds.map((k) => (
                      <div key={k} title={k}>
                        {k}
                      </div>
                    ))}
                  </td>
                  <td>
                    <StateBadge state={r.state} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        </>
      )}
    </div>
  );
}

/** New, already present, or present but different: the word, its colour, and the sentence behind it. */
function StateBadge({ state }: { state: RestoreState }) {
  const s = RESTORE_STATE[state];
  return (
    <Badge tone={s.tone} title={s.sentence}>
      {s.label}
    </Badge>
  );
}
