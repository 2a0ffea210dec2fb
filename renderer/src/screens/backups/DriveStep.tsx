import type { ReactNode } from 'react';
import type { DriveInfo } from '../../../../shared/dto/backups';
import { WizardActions, WizardStep } from '../../components/WizardStep';
import { DrivePicker, type CopyChoice } from './DrivePicker';

/** A chosen drive that went away (pulled out) or can no longer be written (then its problem says why). */
export interface LostDrive {
  label: string;
  problem: string | null;
}

interface DriveStepProps {
  which: 'first' | 'second';
  counter: string;
  drives: DriveInfo[];
  value: CopyChoice | null;
  onChange: (choice: CopyChoice) => void;
  /** The drive of the first copy (second step only). */
  otherDriveId?: string | null;
  /** Second step with "only one drive": the acknowledgement that one copy is not a backup strategy. */
  oneDriveAck?: boolean;
  onOneDriveAck?: (ack: boolean) => void;
  /** A drive that was chosen and then pulled out, to say so. */
  lostDrive?: LostDrive | null;
  onBack: () => void;
  onNext: () => void;
  submitLabel: string;
  children?: ReactNode;
}

/** One drive per step: where the first copy goes, then where the second goes (never the same drive). */
export function DriveStep(props: DriveStepProps) {
  const { which, counter, drives, value, onChange, otherDriveId = null, oneDriveAck = false, onOneDriveAck, lostDrive, onBack, onNext, submitLabel } = props;
  const chosenDrive = value?.kind === 'drive' ? (drives.find((d) => d.id === value.driveId) ?? null) : null;
  const ready = value !== null && (value.kind !== 'none' || oneDriveAck);

  return (
    <form
      data-testid="backup-step"
      data-step={which === 'first' ? 'first-drive' : 'second-drive'}
      onSubmit={(e) => {
        e.preventDefault();
        if (ready) onNext();
      }}
    >
      <WizardStep
        counter={counter}
        title={which === 'first' ? 'Where does the first copy go?' : 'Where does the second copy go?'}
        why={
          which === 'first' ? (
            <>
              <h4>Why a USB drive</h4>
              <p>A drive you unplug is offline: nothing on the network can reach it. Label it, and keep it somewhere safe.</p>
              <h4>Why the drive must be writable</h4>
              <p>Drives that are not mounted, read-only or full are listed with the reason but cannot be chosen.</p>
            </>
          ) : (
            <>
              <h4>Why two drives</h4>
              <p>
                Drives fail, get lost, and get overwritten. Good practice is to create two encrypted USB keys and keep them in different places, so
                one accident cannot take both.
              </p>
              <h4>Why another drive</h4>
              <p>Two copies on the same drive fail together, so the first drive cannot be chosen again.</p>
            </>
          )
        }
      >
        {lostDrive && (
          <div className="callout callout-warn" role="status" data-testid="drive-removed">
            {lostDrive.problem ? (
              <>
                <strong>{lostDrive.label} can no longer take the backup.</strong> {lostDrive.problem}
              </>
            ) : (
              <>
                <strong>{lostDrive.label} was removed.</strong> Plug it back in, or choose another drive.
              </>
            )}
          </div>
        )}
        <DrivePicker
          legend={which === 'first' ? 'Drive for the first copy' : 'Drive for the second copy'}
          drives={drives}
          value={value}
          onChange={onChange}
          otherDriveId={otherDriveId}
          allowNone={which === 'second'}
        />
        {chosenDrive?.noPermissions && (
          <div className="callout callout-warn" data-testid="fat-warning">
            <strong>
              {chosenDrive.label} uses {chosenDrive.filesystem ?? 'FAT'}, which has no file permissions.
            </strong>{' '}
            Anyone who plugs the drive in can copy the backup file: its only protection is its encryption, so the backup passphrase must be strong.
          </div>
        )}
        {value?.kind === 'none' && (
          <div className="callout callout-warn" data-testid="one-drive-warning">
            <strong>One copy is not a backup strategy.</strong> Good practice is to create two encrypted USB keys, kept in different places: a single
            drive fails, gets lost or gets overwritten, and the keys go with it.
            <label className="checkbox">
              <input type="checkbox" checked={oneDriveAck} onChange={(e) => onOneDriveAck?.(e.target.checked)} />
              <span>I understand; write only one copy for now and make the second soon</span>
            </label>
          </div>
        )}
        {props.children}
        <WizardActions onBack={onBack} submitLabel={submitLabel} submitDisabled={!ready} />
      </WizardStep>
    </form>
  );
}
