import type { SignerInfo } from '../../../../shared/dto/publish';
import { Badge } from '../../components/Badge';
import { shortId } from './recovery-text';

/** The repository's signers as its server has them: each in targets/<name>, and whether also in targets/releases. */
export function SignersList({ signers, onRemove }: { signers: SignerInfo[]; onRemove: (signer: SignerInfo) => void }) {
  if (signers.length === 0) {
    return (
      <p className="muted" data-testid="signers-empty">
        No signers: only the repository’s targets key signs its tags.
      </p>
    );
  }
  return (
    <table className="signers-table" data-testid="signers">
      <thead>
        <tr>
          <th scope="col">Signer</th>
          <th scope="col">Roles</th>
          <th scope="col">Keys</th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {signers.map((s) => (
          <tr key={s.role} data-testid="signer" data-signer={s.name} data-in-releases={s.inReleases ? 'true' : 'false'}>
            <th scope="row" className="mono">
              {s.name}
            </th>
            <td>
              <span className="badge-row">
                <Badge tone="delegation">{s.role}</Badge>
                {s.inReleases ? <Badge tone="delegation">targets/releases</Badge> : <Badge tone="warn">not in targets/releases</Badge>}
              </span>
            </td>
            <td>
              <span className="signer-keys">
                {s.keyIds.map((id) => (
                  <code key={id} title={id} data-testid="signer-key-id" data-key-id={id}>
                    {shortId(id)}
                  </code>
                ))}
                {s.haveKey ? <Badge tone="ok">key held here</Badge> : <Badge tone="neutral">key elsewhere</Badge>}
              </span>
            </td>
            <td className="signer-actions">
              <button type="button" className="button button-danger-outline button-small" onClick={() => onRemove(s)} aria-label={`Remove signer ${s.name}`}>
                Remove…
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
