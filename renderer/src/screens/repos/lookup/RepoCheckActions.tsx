import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RepoDetail } from '../../../../../shared/dto/repos';
import { ErrorNote } from '../../../components/ErrorNote';
import { useStore } from '../../../store';
import { checkResultOf, serverForOf } from '../../../store/lookup-slice';
import type { UiError } from '../../../store/types';
import { VerdictBasisLine } from './VerdictBasisLine';

/**
 * Under a repository's verdict (issue 15): when and against what it was reached, what is missing and the way to fetch
 * it, and a check against the server now. With no server set, a prompt says where to set one (and the known server
 * for the registry, as a suggestion only), never a form error.
 */
export function RepoCheckActions({ gun, detail }: { gun: string; detail: RepoDetail }) {
  const { check, server, checking, checkRepoNow, loadServerFor } = useStore(
    useShallow((s) => ({
      check: checkResultOf(s, gun),
      server: serverForOf(s, gun),
      checking: s.checkingGun === gun,
      checkRepoNow: s.checkRepoNow,
      loadServerFor: s.loadServerFor,
    })),
  );
  const [error, setError] = useState<UiError | null>(null);
  useEffect(() => {
    void loadServerFor(gun);
  }, [gun, loadServerFor, check]);
  const run = async () => {
    setError(null);
    setError(await checkRepoNow(gun));
  };
  const missing = check?.verdict === 'incomplete' ? check.missingRoles : detail.verdict === 'incomplete' ? (detail.missingRoles ?? []) : [];
  const noServer = server !== null && server.server === null;
  return (
    <div className="repo-check-actions" data-testid="repo-check-actions">
      <VerdictBasisLine basis={detail.basis} lastCheck={detail.lastCheck} check={check} />
      {missing.length > 0 && (
        <p className="incomplete-note" data-testid="incomplete-note">
          Never fetched into this folder: <strong>{missing.map((r) => `${r}.json`).join(', ')}</strong>. This is what <code>notary publish</code>{' '}
          leaves behind; it is not a sign of tampering. {noServer ? 'Set the server below to fetch it.' : 'Fetch it from the server to finish the check.'}
        </p>
      )}
      {noServer ? (
        <p className="server-prompt" data-testid="server-prompt">
          Which notary server holds <code className="break">{gun}</code>? Set it under “Check against the server” below; it is then remembered for{' '}
          {server.registry}.
          {server.suggestion && (
            <>
              {' '}
              The known one for {server.registry} is <code className="break">{server.suggestion.url}</code> ({server.suggestion.label}
              {server.suggestion.endsOn ? `, which ends on ${server.suggestion.endsOn}` : ''}).
            </>
          )}
        </p>
      ) : (
        <div className="wizard-actions">
          <button type="button" className="button button-primary" disabled={checking || server === null} onClick={() => void run()}>
            {checking ? 'Checking…' : missing.length > 0 ? 'Fetch the missing trust data' : 'Check against its server now'}
          </button>
          {server?.server && <span className="muted">{server.server}</span>}
        </div>
      )}
      {error && <ErrorNote error={error} />}
    </div>
  );
}
