import { useEffect, useState } from 'react';
import type { LooseFolder } from '../../../../shared/dto/folders';
import { vault } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { selectedTrustDirId, useStore } from '../../store';
import type { UiError } from '../../store/types';

/**
 * Issue 12, point 8: the trust folder, its private/ or the app's data folder that others can read, or that is a
 * symbolic link, is said here with a one-click fix (0700). Never fixed without the click. Reads the check straight
 * from the core (like the server check panel); it holds no secret and no other screen needs it.
 */
export function LooseFoldersNote() {
  const dirId = useStore(selectedTrustDirId);
  const [loose, setLoose] = useState<LooseFolder[]>([]);
  const [error, setError] = useState<UiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    if (!dirId) return;
    let live = true;
    void vault.folders.check({ trustDirId: dirId }).then((r) => {
      if (live && r.ok) setLoose(r.value);
    });
    return () => {
      live = false;
    };
  }, [dirId]);

  if (!dirId || (loose.length === 0 && !done)) return null;
  const fixable = loose.some((l) => l.problem === 'open');
  const tighten = async () => {
    const r = await vault.folders.tighten({ trustDirId: dirId });
    if (!r.ok) return setError({ code: r.code, message: r.message });
    setError(null);
    setLoose(r.value.remaining);
    setDone(r.value.tightened.length > 0 ? `Tightened to 0700: ${r.value.tightened.join(', ')}` : null);
  };

  return (
    <div className="callout callout-warn" role="status" data-testid="loose-folders">
      {loose.length > 0 && (
        <>
          <strong>Folders others could read or redirect</strong>
          <ul>
            {loose.map((l) => (
              <li key={l.path} data-testid="loose-folder" data-problem={l.problem} data-kind={l.kind}>
                {l.message}
              </li>
            ))}
          </ul>
        </>
      )}
      {fixable && (
        <button type="button" className="button button-secondary" onClick={() => void tighten()}>
          Tighten to 0700
        </button>
      )}
      {done && <p data-testid="loose-folders-done">{done}</p>}
      {error && <ErrorNote error={error} />}
    </div>
  );
}
