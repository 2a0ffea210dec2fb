import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../../../components/ErrorNote';
import { useStore } from '../../../store';
import type { UiError } from '../../../store/types';

/**
 * The verified archive (issue 15): every repository's trust data fetched from its server, verified, and written with
 * an inventory (JSON and CSV) into a folder main asks for; and an archive verified offline, each changed file named.
 */
export function ArchivePanel() {
  const { repos, progress, archive, verify, lastArchive, lastVerify } = useStore(
    useShallow((s) => ({
      repos: s.repos,
      progress: s.archiveProgress,
      archive: s.archiveRepos,
      verify: s.verifyArchiveFolder,
      lastArchive: s.lastArchive,
      lastVerify: s.lastArchiveVerify,
    })),
  );
  const [error, setError] = useState<UiError | null>(null);
  const guns = repos.map((r) => r.gun);
  return (
    <section className="repo-section archive-panel" aria-labelledby="archive-title" data-testid="archive-panel">
      <h2 id="archive-title" className="repo-section-title">
        Keep a verified record before servers go away
      </h2>
      <p className="muted repo-section-why">
        Docker Hub’s notary service ends on 8 December 2026 and Azure’s content trust on 31 March 2028. An archive keeps every repository’s trust data
        exactly as served, verified, with an inventory of who signed which tag, and can be checked offline later.
      </p>
      <div className="wizard-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={progress !== null || guns.length === 0}
          onClick={async () => {
            setError(null);
            setError(await archive(guns));
          }}
        >
          {progress ? `Archiving ${progress.done} of ${progress.total}…` : 'Archive every repository…'}
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={async () => {
            setError(null);
            setError(await verify());
          }}
        >
          Verify an archive…
        </button>
      </div>
      {error && <ErrorNote error={error} />}
      {lastArchive && (
        <div className="callout callout-success" data-testid="archive-result">
          <p>
            Archived {lastArchive.repos.length === 1 ? '1 repository' : `${lastArchive.repos.length} repositories`} ({lastArchive.rows} signed tags) into{' '}
            <code className="break">{lastArchive.dir}</code>: the metadata as served, inventory.json and inventory.csv.
          </p>
          {lastArchive.warnings.map((w) => (
            <p key={w} className="callout-detail" data-testid="archive-warning">
              {w}
            </p>
          ))}
        </div>
      )}
      {lastVerify && (
        <div className={`callout ${lastVerify.ok ? 'callout-success' : 'callout-error'}`} data-testid="archive-verify-result" data-ok={String(lastVerify.ok)}>
          <p>
            {lastVerify.ok
              ? `The archive verifies: ${lastVerify.rows.length} signed tags of ${lastVerify.repos.map((r) => r.gun).join(', ')}, as archived on ${lastVerify.repos[0]?.verifiedAt.slice(0, 10) ?? '?'}.`
              : 'The archive does not verify: these files changed or are missing since it was written.'}
          </p>
          {lastVerify.problems.length > 0 && (
            <ul>
              {lastVerify.problems.slice(0, 20).map((p) => (
                <li key={`${p.file} ${p.message}`} data-testid="archive-problem" data-file={p.file}>
                  <code className="break">{p.file}</code>: {p.message}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
