import { useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { VaultStatus } from '../../../../shared/dto/vault';
import { ErrorNote } from '../../components/ErrorNote';
import { SecretField } from '../../components/SecretField';
import { useStore } from '../../store';
import type { UiError } from '../../store/types';
import { AUTO_LOCK_CHOICES, autoLockLabel, kdfSummary, memoryLabel, millisecondsLabel, UNLOCK_CHOICES } from './vault-text';

/** How the master passphrase becomes the vault key, measured on this computer. */
export function KdfFacts({ status }: { status: VaultStatus }) {
  const kdf = status.kdf;
  if (!kdf) return <p className="muted">The vault file’s header could not be read.</p>;
  return (
    <dl className="detail-facts vault-facts" data-testid="vault-kdf" title={kdfSummary(kdf)}>
      <dt>Algorithm</dt>
      <dd>Argon2id</dd>
      <dt>Memory</dt>
      <dd data-testid="vault-kdf-memory">{memoryLabel(kdf.memoryKiB)}</dd>
      <dt>Iterations</dt>
      <dd data-testid="vault-kdf-iterations">{kdf.iterations}</dd>
      <dt>Parallelism</dt>
      <dd>{kdf.parallelism} lanes</dd>
      <dt>Unlock time</dt>
      <dd data-testid="vault-kdf-time">
        {millisecondsLabel(kdf.measuredMs)} measured (target {millisecondsLabel(kdf.targetMs)})
      </dd>
      <dt>File</dt>
      <dd className="mono break">{status.file}</dd>
    </dl>
  );
}

/** Minutes without keyboard or pointer activity before the vault locks itself. */
export function AutoLockSetting({ minutes }: { minutes: number }) {
  const { setAutoLock, notify } = useStore(useShallow((s) => ({ setAutoLock: s.setAutoLock, notify: s.notify })));
  const [error, setError] = useState<UiError | null>(null);
  const choices = AUTO_LOCK_CHOICES.includes(minutes) ? AUTO_LOCK_CHOICES : [...AUTO_LOCK_CHOICES, minutes];
  const change = async (value: number) => {
    const e = await setAutoLock(value);
    setError(e);
    if (!e) notify({ tone: 'success', title: value === 0 ? 'The vault no longer locks itself' : `The vault locks after ${value} idle minutes` });
  };
  return (
    <div className="field vault-autolock">
      <label htmlFor="vault-autolock">Lock automatically</label>
      <select id="vault-autolock" value={minutes} onChange={(e) => void change(Number(e.target.value))} data-testid="vault-autolock">
        {choices.map((m) => (
          <option key={m} value={m}>
            {autoLockLabel(m)}
          </option>
        ))}
      </select>
      <p className="field-hint">
        Without keyboard or mouse activity in this window. It also locks when the screen locks or the computer sleeps.
        {minutes === 0 && <strong> Never locking leaves saved passphrases open to anyone at this computer.</strong>}
      </p>
      {error && <ErrorNote error={error} />}
    </div>
  );
}

/** Re-encrypts the vault with iterations measured again for a new unlock time; asks for the master passphrase. */
export function Recalibrate({ targetMs }: { targetMs: number | null }) {
  const { recalibrate, notify } = useStore(useShallow((s) => ({ recalibrate: s.recalibrate, notify: s.notify })));
  const [open, setOpen] = useState(false);
  const [seconds, setSeconds] = useState(targetMs ? targetMs / 1000 : 1);
  const [passphrase, setPassphrase] = useState('');
  const [allowWeaker, setAllowWeaker] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<UiError | null>(null);

  const close = () => {
    setPassphrase('');
    setError(null);
    setAllowWeaker(false);
    setOpen(false);
  };
  const submit = async () => {
    if (busy || passphrase.length === 0) return;
    const value = passphrase;
    setPassphrase('');
    setBusy(true);
    const e = await recalibrate(value, seconds, allowWeaker);
    setBusy(false);
    setError(e);
    if (!e) {
      setOpen(false);
      notify({ tone: 'success', title: 'Vault re-calibrated', detail: `Unlocking now takes about ${seconds} s on this computer.` });
    }
  };

  if (!open) {
    return (
      <div className="action">
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          Re-calibrate…
        </button>
        <p className="action-why">Measures this computer again, e.g. after moving to a faster one, and re-encrypts the vault.</p>
      </div>
    );
  }
  return (
    <form
      className="vault-inline-form"
      data-testid="vault-recalibrate"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <div className="field">
        <label htmlFor="recalibrate-seconds">Unlock time</label>
        <select id="recalibrate-seconds" value={seconds} onChange={(e) => setSeconds(Number(e.target.value))}>
          {UNLOCK_CHOICES.map((c) => (
            <option key={c.seconds} value={c.seconds}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <SecretField label="Master passphrase" value={passphrase} onChange={setPassphrase} autoComplete="current-password" autoFocus />
      <label className="checkbox">
        <input type="checkbox" checked={allowWeaker} onChange={(e) => setAllowWeaker(e.target.checked)} />
        <span>
          Allow a cheaper key derivation than now. Unticked, the vault never becomes easier to guess than it is: a busy computer measures
          slow, and the current cost is kept.
        </span>
      </label>
      {error && <ErrorNote error={error} />}
      <div className="wizard-actions">
        <button type="button" className="button button-ghost" onClick={close} disabled={busy}>
          Cancel
        </button>
        <button type="submit" className="button button-primary" disabled={busy || passphrase.length === 0}>
          {busy ? 'Measuring…' : 'Re-calibrate'}
        </button>
      </div>
    </form>
  );
}
