import { useEffect, useState } from 'react';
import type { WrittenArchive } from '../../../../shared/dto/backups';
import { vault } from '../../api';
import { formatDateTime } from '../../components/datetime';

interface ArchivesChoiceProps {
  chosen: ReadonlySet<string>;
  onChange: (chosen: ReadonlySet<string>) => void;
}

/**
 * Optional part of the backup's first step (issue 15, point 3): the trust-data archives this app wrote, to carry in
 * the backup. Main lists them by opaque ID and verifies each before packing; no path ever reaches the renderer.
 */
export function ArchivesChoice({ chosen, onChange }: ArchivesChoiceProps) {
  const [archives, setArchives] = useState<WrittenArchive[]>([]);
  useEffect(() => {
    let live = true;
    void vault.backups.archives({}).then((r) => {
      if (live && r.ok) setArchives(r.value);
    });
    return () => {
      live = false;
    };
  }, []);
  if (archives.length === 0) return null;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange(next);
  };
  return (
    <fieldset className="archives-choice" data-testid="backup-archives">
      <legend>Also carry verified trust-data archives (optional)</legend>
      {archives.map((a) => (
        <label className="checkbox" key={a.id}>
          <input type="checkbox" checked={chosen.has(a.id)} onChange={(e) => toggle(a.id, e.target.checked)} />
          <span>
            {a.name}
            <span className="checkbox-why">
              {a.guns.join(', ')}, written {formatDateTime(a.writtenAt)}. Verified again before it is packed; a damaged archive stops the backup.
            </span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
