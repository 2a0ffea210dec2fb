import { useEffect, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../../components/ErrorNote';
import { selectedTrustDirId, useStore } from '../../store';
import type { LooseFolder } from '../../../../shared/dto/folders';
import type { UiError } from '../../store/types';

const NONE: LooseFolder[] = [];

/**
 * Issue 12, point 8: the trust folder, its private/ or the app's data folder that others can read, or that is a
 * symbolic link, is said here with a one-click fix (0700). Never fixed without the click. The check and the fix
 * are the store's (folders-slice.ts).
 */
export function LooseFoldersNote() {
  const { dirId, loose, checkLooseFolders, tightenLooseFolders } = useStore(
    useShallow((s) => ({
      dirId: selectedTrustDirId(s),
      loose: s.looseFoldersDirId === selectedTrustDirId(s) ? s.looseFolders : NONE,
      checkLooseFolders: s.checkLooseFolders,
      tightenLooseFolders: s.tightenLooseFolders,
    })),
  );
  const [error, setError] = useState<UiError | null>(null);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    if (dirId) void checkLooseFolders(dirId);
  }, [checkLooseFolders, dirId]);

  if (!dirId || (loose.length === 0 && !done)) return null;
  const fixable = loose.some((l) => l.problem === 'open');
  const tighten = async () => {
    const r = await tightenLooseFolders(dirId);
    if (!r.ok) return setError(r.error);
    setError(null);
    setDone(r.value.length > 0 ? `Tightened to 0700: ${r.value.join(', ')}` : null);
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
