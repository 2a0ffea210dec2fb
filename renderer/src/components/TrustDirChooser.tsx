import { useShallow } from 'zustand/react/shallow';
import type { TrustDirOrigin } from '../../../shared/dto/app';
import { explain } from '../errors/explain';
import { useStore } from '../store';
import { Icon } from './Icon';

const ORIGIN: Record<TrustDirOrigin, string> = {
  docker: 'Docker',
  notary: 'Notary',
  iechor: 'iEchor',
  custom: 'Added by you',
};

/**
 * The trust folders the vault knows (the ones docker and notary use, and any the user added). Selecting one shows
 * its keys; forgetting one only removes it from this list, never from disk.
 */
export function TrustDirChooser() {
  const { dirs, state, error, add, select, forget } = useStore(
    useShallow((s) => ({
      dirs: s.trustDirs,
      state: s.trustDirsState,
      error: s.trustDirsError,
      add: s.addTrustDir,
      select: s.selectTrustDir,
      forget: s.forgetTrustDir,
    })),
  );

  return (
    <section className="trustdirs" aria-labelledby="trustdirs-title" data-testid="trust-dirs">
      <h2 id="trustdirs-title" className="sidebar-heading">
        Trust folders
      </h2>
      <p className="sidebar-hint">Where notary and docker keep keys. The vault reads and writes the same files.</p>
      {state === 'loading' && dirs.length === 0 && <p className="sidebar-hint">Looking for folders…</p>}
      {error && (
        <p className="sidebar-error" role="alert">
          {explain(error.code).title}: {error.message}
        </p>
      )}
      <ul className="trustdir-list" role="list">
        {dirs.map((d) => (
          <li key={d.id} className={d.selected ? 'trustdir selected' : 'trustdir'} data-testid="trust-dir" data-trust-dir-id={d.id}>
            <button
              type="button"
              className="trustdir-select"
              aria-current={d.selected ? 'true' : undefined}
              title={d.path}
              onClick={() => void select(d.id)}
            >
              <Icon name="folder" />
              <span className="trustdir-text">
                {/* Named by what it shows ("<label>: <path>", where it comes from, "not found"): speech and sight agree. */}
                <span className="trustdir-label">
                  {d.label}
                  <span className="trustdir-colon">:</span>
                </span>
                <span className="trustdir-path">{d.path}</span>
                {(ORIGIN[d.origin] !== d.label || !d.exists) && (
                  <span className="trustdir-meta">
                    {ORIGIN[d.origin] !== d.label && ORIGIN[d.origin]}
                    {ORIGIN[d.origin] !== d.label && !d.exists && ' · '}
                    {!d.exists && <span className="trustdir-missing">not found</span>}
                  </span>
                )}
              </span>
            </button>
            <button
              type="button"
              className="icon-button trustdir-forget"
              aria-label={`Forget folder ${d.label}`}
              title="Forget this folder (nothing on disk is deleted)"
              onClick={() => void forget(d.id)}
            >
              <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
              </svg>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="button button-secondary button-block" onClick={() => void add()}>
        <Icon name="plus" /> Add folder…
      </button>
    </section>
  );
}
