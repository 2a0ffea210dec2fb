import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RepoServerCheck } from '../../../../shared/dto/repos';
import { Badge } from '../../components/Badge';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { PublisherPanel } from '../publish/PublisherPanel';
import { LeaveContentTrustPanel } from '../migrate/LeaveContentTrustPanel';
import { useStore } from '../../store';
import { CopyDigest } from './CopyDigest';
import { ExpiryTimeline } from './ExpiryTimeline';
import { ForgetRepoDialog } from './ForgetRepoDialog';
import { ProblemList } from './ProblemList';
import { formatSize, roleTone, VERDICT } from './repo-text';
import { ServerCheckPanel } from './ServerCheckPanel';
import { RepoCheckActions } from './lookup/RepoCheckActions';
import { ResignCallout } from './lookup/ResignCallout';
import { TrustChain } from './TrustChain';
import { RegistryTagsPanel } from '../tags/RegistryTagsPanel';

/** One repository: verdict, problems explained, the trust chain, signed tags and the expiry timeline. */
export function RepoView() {
  const { gun, dirId, detail, state, error, closeRepo, openRepo } = useStore(
    useShallow((s) => ({
      dirId: s.trustDirs.find((d) => d.selected)?.id ?? null,
      gun: s.selectedGun,
      detail: s.repoDetail,
      state: s.repoDetailState,
      error: s.repoDetailError,
      closeRepo: s.closeRepo,
      openRepo: s.openRepo,
    })),
  );
  const [forgetting, setForgetting] = useState(false);
  // The last server check, kept only for the repository it was made for.
  const [checked, setChecked] = useState<{ key: string; check: RepoServerCheck | null } | null>(null);
  if (!gun) return null;
  const checkKey = `${dirId ?? ''} ${gun}`;
  const serverCheck = checked?.key === checkKey ? checked.check : null;
  const v = detail ? VERDICT[detail.verdict] : null;
  // Files never fetched are said (and offered) by RepoCheckActions: not problems of the data (issue 15).
  const problems = detail ? (detail.verdict === 'incomplete' ? detail.problems.filter((p) => p.code !== 'MISSING_ROLE') : detail.problems) : [];
  // A root the cache no longer accepts is what a publisher starting over looks like: offer the reset with the problems.
  const rootBroken =
    detail?.verdict === 'broken' && detail.problems.some((p) => p.role === 'root' && (p.code === 'ROOT_NOT_TRUSTED' || p.code === 'THRESHOLD_NOT_MET'));
  const resetAction = (
    <div className="repo-reset">
      <p>
        If the publisher lost its root key and started over, and sent you a notice with the new root key ID, you can forget the trust data
        cached for this repository. It is kept in the app’s data folder and can be restored.
      </p>
      <button type="button" className="button button-secondary" onClick={() => setForgetting(true)}>
        Forget this repository’s trust data…
      </button>
    </div>
  );
  return (
    <article className="repo-view" aria-labelledby="repo-title" data-testid="repo-view" data-gun={gun} data-verdict={detail?.verdict ?? ''}>
      <nav className="repo-back">
        <button type="button" className="button button-secondary" onClick={closeRepo}>
          ← All repositories
        </button>
      </nav>
      <header className="repo-head">
        <div>
          <p className="detail-kicker">Repository</p>
          <h2 id="repo-title" className="repo-title mono break">
            {gun}
          </h2>
          {v && <p className="repo-verdict-sentence">{v.sentence}</p>}
        </div>
        {v && (
          <span className={`verdict verdict-${detail!.verdict}`} data-testid="repo-verdict">
            <Badge tone={v.tone}>{v.label}</Badge>
          </span>
        )}
      </header>

      {state === 'loading' && <p className="loading">Checking the trust data…</p>}
      {error && (
        <div className="screen-error">
          <ErrorNote error={error} />
          <button type="button" className="button button-secondary" onClick={() => void openRepo(gun)}>
            Try again
          </button>
        </div>
      )}

      {detail && (
        <>
          <RepoCheckActions gun={gun} detail={detail} />
          {dirId && <ResignCallout dirId={dirId} detail={detail} />}
          {problems.length > 0 && (
            <section className="repo-section" aria-labelledby="problems-title">
              <h3 id="problems-title" className="repo-section-title">
                <Icon name="warning" /> {problems.length === 1 ? 'One problem' : `${problems.length} problems`}
              </h3>
              <ProblemList gun={detail.gun} problems={problems} />
              {rootBroken && resetAction}
            </section>
          )}

          <section className="repo-section" aria-labelledby="chain-title">
            <h3 id="chain-title" className="repo-section-title">
              Who vouches for what
            </h3>
            <p className="muted repo-section-why">
              Each box is a role: the keys allowed to sign it, how many signatures it needs, and whether they check out. “held here” marks keys
              whose file is in this trust folder.
            </p>
            <TrustChain detail={detail} />
          </section>

          <section className="repo-section" aria-labelledby="tags-title">
            <h3 id="tags-title" className="repo-section-title">
              Signed tags <span className="muted">({detail.tags.length})</span>
            </h3>
            {detail.tags.length === 0 ? (
              <p className="muted">No tag is signed (or none could be trusted).</p>
            ) : (
              <table className="tags-table" data-testid="repo-tags">
                <thead>
                  <tr>
                    <th scope="col">Tag</th>
                    <th scope="col">Digest</th>
                    <th scope="col">Size</th>
                    <th scope="col">Signed by</th>
                  </tr>
                </thead>
                <tbody>
                  {detail.tags.map((t) => (
                    <tr key={`${t.role} ${t.name}`} data-testid="repo-tag" data-tag={t.name}>
                      <th scope="row" className="mono">
                        {t.name}
                      </th>
                      <td>
                        <CopyDigest digest={t.digest} tag={t.name} />
                      </td>
                      <td>{formatSize(t.size)}</td>
                      <td>
                        <Badge tone={roleTone(t.role)}>{t.role}</Badge>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>

          <section className="repo-section" aria-labelledby="timeline-title">
            <h3 id="timeline-title" className="repo-section-title">
              When the signatures expire
            </h3>
            <p className="muted repo-section-why">After a role expires, pulls with content trust fail until the publisher signs it again.</p>
            <ExpiryTimeline roles={detail.roles} />
          </section>

          {dirId && <ServerCheckPanel key={checkKey} dirId={dirId} gun={gun} check={serverCheck} onChecked={(check) => setChecked({ key: checkKey, check })} />}

          {/* Only for repositories this folder holds keys for: a consumer never needed a publisher panel (issue 15). */}
          {dirId && detail.heldKeys.length > 0 && (
            <PublisherPanel key={`publisher ${checkKey}`} dirId={dirId} gun={gun} detail={detail} server={serverCheck?.server ?? null} />
          )}
          {/* Image tags against the registry, once a notary server is known for the repository (issue 14). */}
          {dirId && detail.heldKeys.length > 0 && serverCheck?.server && <RegistryTagsPanel key={`tags ${checkKey}`} dirId={dirId} gun={gun} />}

          {dirId && <LeaveContentTrustPanel key={`leave ${checkKey}`} gun={gun} detail={detail} />}

          {!rootBroken && (
            <details className="repo-section repo-advanced" data-testid="repo-advanced">
              <summary>Advanced</summary>
              {resetAction}
            </details>
          )}
        </>
      )}
      {forgetting && <ForgetRepoDialog gun={gun} serverCheck={serverCheck} onClose={() => setForgetting(false)} />}
    </article>
  );
}
