import { useId } from 'react';
import type { DriveInfo } from '../../../../shared/dto/backups';
import { Icon } from '../../components/Icon';
import { driveAvailability, driveFacts } from './backup-text';

/** Where one copy goes: a listed drive, a folder main asks for, or (second copy only) nowhere for now. */
export type CopyChoice = { kind: 'drive'; driveId: string } | { kind: 'folder' } | { kind: 'none' };

export const choiceKey = (c: CopyChoice | null): string => (c === null ? '' : c.kind === 'drive' ? `drive:${c.driveId}` : c.kind);

interface DrivePickerProps {
  legend: string;
  drives: DriveInfo[];
  value: CopyChoice | null;
  onChange: (choice: CopyChoice) => void;
  /** The drive that already holds the other copy: shown, but not selectable. */
  otherDriveId?: string | null;
  /** Offer "Only one drive for now" (the second copy). */
  allowNone?: boolean;
}

/**
 * The removable drives main reports, as radio choices. A drive with a problem (not mounted, read-only, full) is shown
 * with the problem and cannot be chosen; the list follows drives being plugged in and pulled out.
 */
export function DrivePicker({ legend, drives, value, onChange, otherDriveId = null, allowNone = false }: DrivePickerProps) {
  const name = useId();
  const current = choiceKey(value);
  return (
    <fieldset className="choice-list drive-list" data-testid="drive-picker">
      <legend className="sr-only">{legend}</legend>
      {drives.length === 0 && (
        <p className="drive-empty" data-testid="no-drives" role="status">
          No removable drive found. Plug in a USB drive: it appears here by itself.
        </p>
      )}
      {drives.map((d) => {
        const { selectable, reason } = driveAvailability(d, otherDriveId);
        const key = `drive:${d.id}`;
        const reasonId = `${name}-${d.id}-reason`;
        return (
          <label
            key={d.id}
            className={`choice drive${current === key ? ' selected' : ''}${selectable ? '' : ' unavailable'}`}
            data-testid="drive-option"
            data-drive-label={d.label}
            data-problem={d.problem?.code ?? (selectable ? undefined : 'IN_USE')}
          >
            <input
              type="radio"
              name={name}
              value={key}
              checked={current === key}
              disabled={!selectable}
              aria-describedby={reason ? reasonId : undefined}
              onChange={() => onChange({ kind: 'drive', driveId: d.id })}
            />
            <span className="drive-text">
              <span className="choice-label">
                <Icon name="backup" /> {d.label}
              </span>
              <span className="choice-why">
                {driveFacts(d) || d.device}
                {d.mountPoint && <span className="mono drive-mount"> · {d.mountPoint}</span>}
              </span>
              {reason && (
                <span className="drive-problem" id={reasonId} data-testid="drive-problem">
                  <Icon name="warning" size={14} /> {reason}
                </span>
              )}
              {selectable && d.noPermissions && current !== key && (
                <span className="drive-note">
                  {d.filesystem ?? 'FAT'}: no file permissions, so the backup file's only protection is its encryption.
                </span>
              )}
            </span>
          </label>
        );
      })}
      <label className={`choice${current === 'folder' ? ' selected' : ''}`} data-testid="folder-option">
        <input type="radio" name={name} value="folder" checked={current === 'folder'} onChange={() => onChange({ kind: 'folder' })} />
        <span>
          <span className="choice-label">
            <Icon name="folder" /> A folder instead
          </span>
          <span className="choice-why">The vault asks which folder when it writes. Use a drive it does not list, or a network share.</span>
        </span>
      </label>
      {allowNone && (
        <label className={`choice${current === 'none' ? ' selected' : ''}`} data-testid="one-drive-option">
          <input type="radio" name={name} value="none" checked={current === 'none'} onChange={() => onChange({ kind: 'none' })} />
          <span>
            <span className="choice-label">Only one drive for now</span>
            <span className="choice-why">Not recommended: a single copy fails with its drive.</span>
          </span>
        </label>
      )}
    </fieldset>
  );
}
