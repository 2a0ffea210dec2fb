import { useShallow } from 'zustand/react/shallow';
import { useStore } from '../../store';

/** What to do when there is nothing to list: no folder chosen, or a folder without keys. */
export function EmptyState({ onGenerate, onImport }: { onGenerate: () => void; onImport: () => void }) {
  const { dir, addTrustDir } = useStore(
    useShallow((s) => ({ dir: s.trustDirs.find((d) => d.selected) ?? null, addTrustDir: s.addTrustDir })),
  );

  if (!dir) {
    return (
      <div className="empty" data-testid="empty-state" data-reason="no-trust-dir">
        <h2>Choose a trust folder to start</h2>
        <p>
          Keys live in the trust folder that notary and docker use: usually <code>~/.docker/trust</code> or <code>~/.notary</code>. Pick one in
          the list on the left, or add the folder your tools use.
        </p>
        <div className="button-row">
          <button type="button" className="button button-primary" onClick={() => void addTrustDir()}>
            Add a trust folder…
          </button>
        </div>
      </div>
    );
  }

  return (
    <div className="empty" data-testid="empty-state" data-reason="no-keys">
      <h2>No keys in this folder yet</h2>
      <p>
        <span className="mono">{dir.path}</span> holds no keys. Three ways to start:
      </p>
      <ol className="empty-steps">
        <li>
          <strong>Generate a root key</strong> if you are setting up signing for the first time; you then add a repository key for each
          repository.
        </li>
        <li>
          <strong>Import keys</strong> from PEM files or a <code>notary key export</code> bundle you already have.
        </li>
        <li>
          <strong>Choose another folder</strong> on the left if your keys are in the folder notary or docker use (
          <code>~/.docker/trust</code>, <code>~/.notary</code>).
        </li>
      </ol>
      <div className="button-row">
        <button type="button" className="button button-primary" onClick={onGenerate}>
          Generate a key
        </button>
        <button type="button" className="button button-secondary" onClick={onImport}>
          Import key files
        </button>
      </div>
    </div>
  );
}
