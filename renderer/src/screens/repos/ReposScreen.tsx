/**
 * The Repositories screen: every repository whose trust data is cached in the selected trust folder, verified the
 * way notary does, with a repository view.
 *
 * Names the e2e specs can rely on: heading "Repositories"; data-testid="repos-empty"; list data-testid="repo-list"
 * with rows data-testid="repo-row" data-gun=GUN data-verdict=trusted|warning|broken, each with a button
 * "Open <gun>"; data-testid="expiry-radar" with rows data-testid="radar-row"; the view data-testid="repo-view"
 * (data-verdict), data-testid="repo-verdict", rows data-testid="repo-tag" data-tag=NAME with data-testid="tag-digest"
 * data-digest=HEX, data-testid="repo-problem" data-code=CODE with data-testid="consumer-explanation",
 * "publisher-explanation" and "tool-text"; data-testid="chain-node" data-role=ROLE data-state=ok|warn|bad|missing;
 * button "← All repositories"; in the view, "Forget this repository’s trust data…" (with the problems when the root is
 * not trusted, else inside data-testid="repo-advanced") opening data-testid="forget-dialog"; the list
 * data-testid="forgotten-list" with rows data-testid="forgotten-row" data-gun=GUN and a button "Restore <gun>".
 */
import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { Badge } from '../../components/Badge';
import { ErrorNote } from '../../components/ErrorNote';
import { useStore } from '../../store';
import { daysLeft, expiryTone, formatDate, relativeDays, roleTone, VERDICT } from './repo-text';
import { ForgottenList } from './ForgottenList';
import { RepoView } from './RepoView';
import { ScreenHeader } from '../../components/ScreenHeader';
import { AddRepoDialog } from './lookup/AddRepoDialog';
import { ArchivePanel } from './lookup/ArchivePanel';
import { CheckAllControl } from './lookup/CheckAllControl';
import { RowCheckNote } from './lookup/RowCheckNote';

export function ReposScreen() {
  const addRepoOpen = useStore((s) => s.addRepoOpen);
  const openAddRepo = useStore((s) => s.openAddRepo);
  const { dirId, repos, radar, state, error, loadRepos, openRepo, selectedGun, closeRepo } = useStore(
    useShallow((s) => ({
      dirId: s.trustDirs.find((d) => d.selected)?.id ?? null,
      repos: s.repos,
      radar: s.radar,
      state: s.reposState,
      error: s.reposError,
      loadRepos: s.loadRepos,
      openRepo: s.openRepo,
      selectedGun: s.selectedGun,
      closeRepo: s.closeRepo,
    })),
  );
  useEffect(() => {
    closeRepo();
    void loadRepos();
  }, [dirId, loadRepos, closeRepo]);

  return (
    <div className="repos-screen">
      <ScreenHeader
        title="Repositories"
        purpose="Whether the signed tags of each repository you have pulled or published can be trusted, who signed them, and what expires when."
        actions={
          !selectedGun && dirId && (
            <>
              <button type="button" className="button button-primary" onClick={openAddRepo}>
                Add a repository…
              </button>
              <button type="button" className="button button-secondary" onClick={() => void loadRepos()}>
                Check again
              </button>
              <CheckAllControl />
            </>
          )
        }
      />

      {selectedGun ? (
        <RepoView />
      ) : (
        <>
          {error && (
            <div className="screen-error">
              <ErrorNote error={error} />
            </div>
          )}
          {state === 'loading' && repos.length === 0 && <p className="loading">Checking the cached trust data…</p>}
          {state === 'ready' && repos.length === 0 && <ReposEmpty hasDir={dirId !== null} />}
          {repos.length > 0 && (
            <div className="repos-body">
              <ul className="repo-list" role="list" aria-label="Repositories" data-testid="repo-list">
                {repos.map((r) => {
                  const v = VERDICT[r.verdict];
                  const days = r.soonestExpiry ? daysLeft(r.soonestExpiry.expires) : null;
                  return (
                    <li key={r.gun} className={`repo-row repo-row-${r.verdict}`} data-testid="repo-row" data-gun={r.gun} data-verdict={r.verdict}>
                      <button type="button" className="repo-open" onClick={() => void openRepo(r.gun)}>
                        {/* Named by what it shows, after "Open" (axe: the visible text is part of the name). */}
                        <span className="sr-only">Open </span>
                        <span className="repo-row-main">
                          <span className="repo-gun mono break">{r.gun}</span>
                          <span className="repo-row-sub">
                            {r.problemCount === 0 ? 'No problems' : r.problemCount === 1 ? '1 problem' : `${r.problemCount} problems`}
                            {r.soonestExpiry && (
                              <>
                                {' · '}
                                first to expire: <Badge tone={roleTone(r.soonestExpiry.role)}>{r.soonestExpiry.role}</Badge>{' '}
                                <span className={`expiry-text expiry-${expiryTone(days)}`}>
                                  {formatDate(r.soonestExpiry.expires)} ({relativeDays(days)})
                                </span>
                              </>
                            )}
                            <RowCheckNote repo={r} />
                          </span>
                        </span>
                        <Badge tone={v.tone}>{v.label}</Badge>
                      </button>
                    </li>
                  );
                })}
              </ul>
              <aside className="radar" aria-labelledby="radar-title" data-testid="expiry-radar">
                <h2 id="radar-title">Expiring within 90 days</h2>
                {radar.length === 0 ? (
                  <p className="muted">Nothing expires in the next 90 days. (The timestamp, which the server renews by itself, is not counted.)</p>
                ) : (
                  <ul role="list">
                    {radar.map((e) => (
                      <li key={`${e.gun} ${e.role}`} data-testid="radar-row">
                        <Badge tone={expiryTone(e.daysLeft)}>{relativeDays(e.daysLeft)}</Badge> <span className="mono break">{e.gun}</span>{' '}
                        <Badge tone={roleTone(e.role)}>{e.role}</Badge>
                      </li>
                    ))}
                  </ul>
                )}
              </aside>
            </div>
          )}
          {repos.length > 0 && <ArchivePanel />}
          <ForgottenList />
        </>
      )}
      {addRepoOpen && <AddRepoDialog />}
    </div>
  );
}

function ReposEmpty({ hasDir }: { hasDir: boolean }) {
  const openAddRepo = useStore((s) => s.openAddRepo);
  return (
    <div className="empty" data-testid="repos-empty">
      <h2>{hasDir ? 'No repository trust data in this folder yet' : 'Choose a trust folder to start'}</h2>
      {hasDir && (
        <p>
          <button type="button" className="button button-primary" onClick={openAddRepo}>
            Add a repository…
          </button>{' '}
          by its image name: the vault looks it up on its notary server and shows its root keys before trusting them.
        </p>
      )}
      <p>
        The vault also reads the trust data that notary and docker keep in <code>tuf/</code> inside the trust folder. It appears there when you
        run <code>notary list &lt;repository&gt;</code>, or <code>docker pull</code> with <code>DOCKER_CONTENT_TRUST=1</code> against a
        notary server, or when you publish with <code>notary publish</code>.
      </p>
      <p className="empty-note">
        Docker Hub no longer offers content trust, and recent Docker CLIs no longer sign or verify: this works with your own notary server
        (Harbor and others) and the <code>notary</code> CLI.
      </p>
    </div>
  );
}
