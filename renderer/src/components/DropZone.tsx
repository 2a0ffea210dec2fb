import { useEffect, useRef, useState } from 'react';
import { vaultFiles } from '../api';
import { explain } from '../errors/explain';
import { useStore } from '../store';

/**
 * Key files and notary export bundles dropped anywhere on the window open the import dialog with their preview, as
 * choosing them in "Import keys" does. The preload turns the dropped files into paths (webUtils) and main reads them;
 * this page never sees a path. While files are dragged over the window, an overlay says what a drop will do.
 */
export function DropZone() {
  const [over, setOver] = useState(false);
  const depth = useRef(0);

  useEffect(() => {
    const hasFiles = (e: DragEvent) => [...(e.dataTransfer?.types ?? [])].includes('Files');
    const blocked = () => document.querySelector('dialog[open]') !== null;
    const enter = (e: DragEvent) => {
      if (!hasFiles(e) || blocked()) return;
      depth.current++;
      setOver(true);
    };
    const leave = (e: DragEvent) => {
      if (!hasFiles(e)) return;
      depth.current = Math.max(0, depth.current - 1);
      if (depth.current === 0) setOver(false);
    };
    const overHandler = (e: DragEvent) => {
      // Always: a file dropped anywhere must never make the window navigate to it.
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = hasFiles(e) && !blocked() ? 'copy' : 'none';
    };
    const drop = (e: DragEvent) => {
      e.preventDefault();
      depth.current = 0;
      setOver(false);
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0 || blocked()) return;
      void importDropped(files);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', overHandler);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', overHandler);
      window.removeEventListener('drop', drop);
    };
  }, []);

  if (!over) return null;
  return (
    <div className="drop-overlay" data-testid="drop-overlay" aria-hidden="true">
      <div className="drop-card">
        <strong>Drop key files to import them</strong>
        <span>PEM key files or a notary export bundle. You see what they hold before anything is written.</span>
      </div>
    </div>
  );
}

async function importDropped(files: File[]): Promise<void> {
  const { notify, showScreen, openDialog, trustDirs } = useStore.getState();
  if (!trustDirs.some((d) => d.selected)) {
    notify({ tone: 'error', title: 'Choose a trust folder first', detail: 'Dropped keys are imported into the selected trust folder.' });
    return;
  }
  if (!vaultFiles) {
    notify({ tone: 'error', title: 'Dropping files is not available here', detail: 'Use “Import keys” to choose the files.' });
    return;
  }
  const r = await vaultFiles.previewDropped(files);
  if (!r.ok) {
    notify({ tone: 'error', title: explain(r.code).title, detail: r.message });
    return;
  }
  showScreen('keys');
  openDialog({ type: 'import', selection: r.value });
}
