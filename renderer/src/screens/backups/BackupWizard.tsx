import { useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { BackupCreated, BackupDestination, DriveInfo } from '../../../../shared/dto/backups';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { PassphraseStep } from '../passphrase/PassphraseStep';
import { BackupDone } from './BackupDone';
import { BackupErrorNote } from './BackupErrorNote';
import { keyChoices } from './backup-text';
import { ChooseKeysStep, type KeysChoice } from './ChooseKeysStep';
import type { CopyChoice } from './DrivePicker';
import { DriveStep, type LostDrive } from './DriveStep';
import { WriteProgress } from './WriteProgress';
import { ArchivesChoice } from './ArchivesChoice';

type Step = 'what' | 'passphrase' | 'first' | 'second' | 'write' | 'done';

/** Steps with a counter: what (1), the passphrase (3 sub-steps), first drive, second drive, write, verify. */
const TOTAL = 8;
const counter = (n: number) => `Step ${n} of ${TOTAL}`;

/** Whether a choice still points at a drive that is there and writable. */
const stillUsable = (c: CopyChoice | null, drives: DriveInfo[]): boolean =>
  c?.kind !== 'drive' || drives.some((d) => d.id === c.driveId && !d.problem);

function destinationOf(c: CopyChoice | null): BackupDestination | null {
  if (!c || c.kind === 'none') return null;
  return c.kind === 'drive' ? { kind: 'drive', driveId: c.driveId } : { kind: 'folder' };
}

/**
 * The backup wizard, one decision per step: which keys, the backup passphrase, the first drive, the second drive;
 * then one call writes every copy and reads each back (progress bars), and the last page lists each copy's outcome.
 * The passphrase is held in a ref between its step and the call (never in the store) and cleared right after.
 */
export function BackupWizard() {
  const { coverage, keys, drives, createBackup, showBackupsTab, hasDir } = useStore(
    useShallow((s) => ({
      coverage: s.coverage,
      keys: s.keys,
      drives: s.drives,
      createBackup: s.createBackup,
      showBackupsTab: s.showBackupsTab,
      hasDir: s.trustDirs.some((d) => d.selected),
    })),
  );
  const choices = useMemo(() => keyChoices(coverage, keys), [coverage, keys]);
  const [step, setStep] = useState<Step>('what');
  const [what, setWhat] = useState<KeysChoice>({ scope: 'all', chosen: new Set(), includePinnedRoots: true });
  const [archiveIds, setArchiveIds] = useState<ReadonlySet<string>>(new Set());
  const [first, setFirst] = useState<CopyChoice | null>(null);
  const [second, setSecond] = useState<CopyChoice | null>(null);
  const [oneDriveAck, setOneDriveAck] = useState(false);
  const [lostDrive, setLostDrive] = useState<LostDrive | null>(null);
  const [error, setError] = useState<UiError | null>(null);
  const [result, setResult] = useState<BackupCreated | null>(null);
  const passphrase = useRef<string | null>(null);
  const seenDrives = useRef<DriveInfo[]>(drives);

  // Never keep the passphrase beyond this wizard.
  useEffect(
    () => () => {
      passphrase.current = null;
    },
    [],
  );

  // Drives come and go: a chosen drive that was pulled out (or lost its mount) is unchosen, and the step says so.
  useEffect(() => {
    const labelOf = (c: CopyChoice | null): LostDrive | null => {
      if (c?.kind !== 'drive') return null;
      const now = drives.find((d) => d.id === c.driveId);
      const label = now?.label ?? seenDrives.current.find((d) => d.id === c.driveId)?.label ?? 'The drive';
      return { label, problem: now?.problem?.message ?? null };
    };
    if (!stillUsable(first, drives)) {
      setLostDrive(labelOf(first));
      setFirst(null);
    }
    if (!stillUsable(second, drives)) {
      setLostDrive(labelOf(second));
      setSecond(null);
    }
    seenDrives.current = drives;
  }, [drives, first, second]);

  const labelOfChoice = (c: CopyChoice | null): string | null =>
    !c || c.kind === 'none' ? null : c.kind === 'folder' ? 'a folder' : (drives.find((d) => d.id === c.driveId)?.label ?? 'the drive');

  const reset = () => {
    passphrase.current = null;
    setStep('what');
    setFirst(null);
    setSecond(null);
    setOneDriveAck(false);
    setLostDrive(null);
    setError(null);
    setResult(null);
  };

  const write = async () => {
    const secret = passphrase.current;
    const destinations = [destinationOf(first), destinationOf(second)].filter((d): d is BackupDestination => d !== null);
    if (!secret) {
      setStep('passphrase');
      return;
    }
    if (!first || destinations.length === 0) {
      setStep('first');
      return;
    }
    setError(null);
    setStep('write');
    const keyIds = what.scope === 'all' ? null : choices.filter((k) => what.chosen.has(k.id)).map((k) => k.id);
    const r = await createBackup({ keyIds, includePinnedRoots: what.includePinnedRoots, destinations, passphrase: secret, archiveIds: [...archiveIds] });
    // The passphrase crossed once; it is not needed again whatever the outcome.
    passphrase.current = null;
    if (!r.ok) {
      setError(r.error);
      setStep('second');
      return;
    }
    setResult(r.value);
    setStep('done');
  };

  if (!hasDir) return <p className="muted">Choose a trust folder first: the backup holds the keys of the selected folder.</p>;

  return (
    <div className="wizard-card" data-testid="backup-wizard">
      {step === 'what' && (
        <ChooseKeysStep
          counter={counter(1)}
          keys={choices}
          value={what}
          onChange={setWhat}
          extra={<ArchivesChoice chosen={archiveIds} onChange={setArchiveIds} />}
          onNext={() => {
            setStep('passphrase');
          }}
        />
      )}
      {step === 'passphrase' && (
        <PassphraseStep
          purpose="backup"
          submitLabel="Next: choose the drives"
          stepsBefore={1}
          stepsAfter={4}
          onBack={() => setStep('what')}
          onSubmit={async (value) => {
            passphrase.current = value;
            setError(null);
            setStep('first');
          }}
        />
      )}
      {step === 'first' && (
        <DriveStep
          which="first"
          counter={counter(5)}
          drives={drives}
          value={first}
          onChange={(c) => {
            setFirst(c);
            setLostDrive(null);
          }}
          lostDrive={lostDrive}
          onBack={() => {
            passphrase.current = null;
            setStep('passphrase');
          }}
          onNext={() => {
            setLostDrive(null);
            if (first?.kind === 'drive' && second?.kind === 'drive' && second.driveId === first.driveId) setSecond(null);
            setStep('second');
          }}
          submitLabel="Next"
        />
      )}
      {step === 'second' && (
        <DriveStep
          which="second"
          counter={counter(6)}
          drives={drives}
          value={second}
          onChange={(c) => {
            setSecond(c);
            setLostDrive(null);
          }}
          otherDriveId={first?.kind === 'drive' ? first.driveId : null}
          oneDriveAck={oneDriveAck}
          onOneDriveAck={setOneDriveAck}
          lostDrive={lostDrive}
          onBack={() => setStep('first')}
          onNext={() => void write()}
          submitLabel="Write the backup"
        >
          {error && (
            <>
              <BackupErrorNote error={error} />
              {!passphrase.current && <p className="field-hint">For safety the passphrase was not kept: you will choose it again.</p>}
            </>
          )}
        </DriveStep>
      )}
      {step === 'write' && (
        <WriteProgress
          counterWrite={counter(7)}
          counterVerify={counter(8)}
          targets={[labelOfChoice(first), labelOfChoice(second)].filter((t): t is string => t !== null)}
        />
      )}
      {step === 'done' && result && <BackupDone result={result} onCoverage={() => showBackupsTab('coverage')} onAgain={reset} />}
    </div>
  );
}
