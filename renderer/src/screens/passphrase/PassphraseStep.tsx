import { useEffect, useId, useState, type ReactNode } from 'react';
import { MIN_PASSPHRASE_LENGTH } from '../../../../shared/schemas';
import { vault } from '../../api';
import { SecretField } from '../../components/SecretField';
import { WizardActions, WizardStep } from '../../components/WizardStep';
import { loadEffWordlist } from './generate';
import { PassphraseGenerator } from './PassphraseGenerator';
import { floorFor, PURPOSE_TEXT, WEAK_ENCRYPTION_WHY, type PassphrasePurpose } from './purpose';
import { describeStrength, loadStrengthChecker, toneFor, type StrengthEstimate } from './strength';
import { StrengthMeter } from './StrengthMeter';
import { SaveInVaultChoice } from './SaveInVaultChoice';
import { saveNewKeyPassphrases, useVaultChoice } from './use-vault-choice';
import { isRootPurpose, storeSatisfied } from './vault-choice';

interface PassphraseStepProps {
  purpose: PassphrasePurpose;
  /** The label of the final button, e.g. "Create the key". */
  submitLabel: string;
  /**
   * Called once with the chosen passphrase. It sends it in the operation call and must not keep it; whatever the
   * outcome, this step clears its own copy when the promise settles. With `vaultSave`, it answers the IDs of the keys
   * the passphrase now encrypts (nothing when the operation failed): the step saves it in the vault for each of them
   * when the person ticked "Save it in the vault".
   */
  onSubmit: (passphrase: string) => Promise<void | string[]>;
  /**
   * A new key's passphrase (issue 16, point 2): offers "Save it in the vault" beside the password manager, saved for
   * the keys `onSubmit` answers in this trust folder. `leave` replaces the default way to the Vault screen.
   */
  vaultSave?: { trustDirId: string | null; leave?: { go: () => void; note: string } };
  /** Back from the first sub-step, to the form before this step. */
  onBack?: () => void;
  /** Steps of the surrounding wizard before this one, for "Step n of m". */
  stepsBefore?: number;
  stepsAfter?: number;
}

type SubStep = 'choose' | 'store' | 'confirm';
const SUB_STEPS: SubStep[] = ['choose', 'store', 'confirm'];

interface SubStepFormProps {
  sub: SubStep;
  /** Called when the sub-step's form is submitted (Enter or its submit button). */
  onNext: () => void;
  counter: string;
  title: string;
  why: ReactNode;
  children: ReactNode;
}

/** One sub-step: its own form, laid out as a wizard step. */
function SubStepForm({ sub, onNext, counter, title, why, children }: SubStepFormProps) {
  return (
    <form
      className="passphrase-step"
      data-testid="passphrase-step"
      data-substep={sub}
      onSubmit={(e) => {
        e.preventDefault();
        onNext();
      }}
    >
      <WizardStep counter={counter} title={title} why={why}>
        {children}
      </WizardStep>
    </form>
  );
}

/**
 * Choosing a passphrase, used wherever one is set on its own page (generate, import, change passphrase, a root on a
 * token, the vault, a backup, a cosign kit): generate or type one, see its strength in words, store it (in the
 * password manager, or for a key's passphrase in the vault too), retype it. Forms that choose several new keys'
 * passphrases at once use the same parts in NewKeyPassphrase. The passphrase lives only in this component's state.
 */
export function PassphraseStep({ purpose, submitLabel, onSubmit, onBack, stepsBefore = 0, stepsAfter = 0, vaultSave }: PassphraseStepProps) {
  const ids = useId();
  const [sub, setSub] = useState<SubStep>('choose');
  const [passphrase, setPassphrase] = useState('');
  const [bits, setBits] = useState<number | null>(null);
  const [show, setShow] = useState(false);
  const [estimate, setEstimate] = useState<StrengthEstimate | null>(null);
  const [stored, setStored] = useState(false);
  const [inVault, setInVault] = useState(false);
  const vaultChoice = useVaultChoice(vaultSave?.leave);
  const [retype, setRetype] = useState('');
  const [copyNote, setCopyNote] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const total = stepsBefore + SUB_STEPS.length + stepsAfter;
  const counter = (s: SubStep) => `Step ${stepsBefore + SUB_STEPS.indexOf(s) + 1} of ${total}`;
  const text = PURPOSE_TEXT[purpose];
  const floor = floorFor(purpose);

  // Start loading the estimator and the word list as soon as the step opens.
  useEffect(() => {
    void loadStrengthChecker().catch(() => undefined);
    void loadEffWordlist().catch(() => undefined);
  }, []);

  useEffect(() => {
    if (passphrase.length < MIN_PASSPHRASE_LENGTH) {
      setEstimate(null);
      return;
    }
    let cancelled = false;
    const t = setTimeout(() => {
      void loadStrengthChecker().then((check) => {
        if (!cancelled) setEstimate(check(passphrase));
      });
    }, 120);
    return () => {
      cancelled = true;
      clearTimeout(t);
    };
  }, [passphrase]);

  const wording = describeStrength(passphrase.length, estimate, floor.minLength);
  // Where weak is refused, "not yet rated" is not good enough either.
  const ratedWeak = floor.refuseWeak && (estimate === null || toneFor(estimate) === 'bad');
  const longEnough = passphrase.length >= floor.minLength && !ratedWeak;
  const matches = retype === passphrase;
  // Saving in the vault counts only while the vault can take it (it may lock while the step is open).
  const savingInVault = !!vaultSave && inVault && vaultChoice.state === 'unlocked';
  const storeOk = storeSatisfied(isRootPurpose(purpose), stored, savingInVault);

  const clearAll = () => {
    setPassphrase('');
    setRetype('');
    setEstimate(null);
    setBits(null);
    setStored(false);
    setInVault(false);
    setCopyNote(null);
    setShow(false);
    setSub('choose');
  };

  const generated = (value: string, randomness: number) => {
    setPassphrase(value);
    setBits(randomness);
    setShow(true);
    setStored(false);
    setRetype('');
  };

  const copy = async () => {
    const r = await vault.clipboard.copySecret({ text: passphrase });
    setCopyNote(
      r.ok
        ? `Copied. The clipboard is cleared in ${r.value.clearsAfterSeconds} seconds; paste it into your password manager now.`
        : `Could not copy: ${r.message}`,
    );
  };

  const submit = async () => {
    if (!longEnough || !matches || !storeOk || busy) return;
    setBusy(true);
    const value = passphrase;
    const save = savingInVault ? vaultSave?.trustDirId : null;
    setPassphrase('');
    setRetype('');
    try {
      const keyIds = await onSubmit(value);
      if (save && keyIds && keyIds.length > 0) await saveNewKeyPassphrases(save, keyIds.map((keyId) => ({ keyId, passphrase: value })));
    } finally {
      clearAll();
      setBusy(false);
    }
  };

  if (sub === 'choose') {
    return (
      <SubStepForm
        sub="choose"
        onNext={() => {
          if (longEnough) setSub('store');
        }}
        counter={counter('choose')}
        title={`Choose the ${text.name}`}
        why={
          <>
            <h4>Why a {text.name}</h4>
            <p>{text.why}</p>
            <h4>Why it must be strong</h4>
            <p>{text.strongWhy ?? WEAK_ENCRYPTION_WHY}</p>
            <h4>Why generated words</h4>
            <p>
              Six random words from the EFF list give 77 bits of randomness: far beyond what anyone can guess, yet easy to read and type.
            </p>
          </>
        }
      >
        <PassphraseGenerator onGenerated={generated} />
        <SecretField
          label="Passphrase"
          value={passphrase}
          onChange={(v) => {
            setPassphrase(v);
            setBits(null);
            setStored(false);
          }}
          autoComplete="new-password"
          shown={show}
          onShownChange={setShow}
          hint={<>Generate one above, or type your own: at least {floor.minLength} characters.</>}
        />
        <StrengthMeter wording={wording} bits={bits} />
        {floor.refuseWeak && estimate !== null && ratedWeak && passphrase.length >= floor.minLength && (
          <p className="field-hint" role="status" data-testid="passphrase-refused">
            A {text.name} rated weak is not accepted: it protects what cannot be replaced.
          </p>
        )}
        <WizardActions onBack={onBack} submitDisabled={!longEnough} />
      </SubStepForm>
    );
  }

  if (sub === 'store') {
    return (
      <SubStepForm
        sub="store"
        onNext={() => {
          if (storeOk) setSub('confirm');
        }}
        counter={counter('store')}
        title={vaultSave ? 'Store it in your password manager or the vault' : 'Store it in your password manager'}
        why={
          <>
            <h4>Why store it now</h4>
            <p>
              {vaultSave ? 'Nothing keeps your passphrase unless you store it.' : 'The vault does not keep your passphrase anywhere.'} If it is forgotten,{' '}
              {text.lostWhat ?? 'the key cannot be decrypted'}
              {purpose === 'root' ? ', and a lost root key is not recoverable.' : '.'}
            </p>
            <h4>About copying</h4>
            <p>The clipboard is cleared 30 seconds after copying, so the passphrase does not linger there.</p>
            {vaultSave && (
              <>
                <h4>About the vault</h4>
                <p>
                  The vault keeps it encrypted under your master passphrase and fills it in while unlocked.
                  {isRootPurpose(purpose) ? ' For a root key it comes on top of the password manager, not instead of it.' : ''}
                </p>
              </>
            )}
          </>
        }
      >
        <div className="field">
          <span className="field-label" id={`${ids}-show-label`}>
            Your {text.name}
          </span>
          <div className="secret-box mono" aria-labelledby={`${ids}-show-label`} data-testid="passphrase-display">
            {show ? passphrase : '•'.repeat(Math.min(passphrase.length, 40))}
          </div>
          <div className="button-row">
            <button type="button" className="button button-ghost" aria-pressed={show} onClick={() => setShow((v) => !v)}>
              {show ? 'Hide passphrase' : 'Show passphrase'}
            </button>
            <button type="button" className="button button-secondary" onClick={() => void copy()}>
              Copy passphrase
            </button>
          </div>
          <p className="field-hint" aria-live="polite" data-testid="copy-note">
            {copyNote ?? 'Copying puts it on the clipboard for 30 seconds; then the vault clears it.'}
          </p>
        </div>
        <label className="checkbox">
          {/* The step's own decision first: the vault's master passphrase field below must not take the focus. */}
          <input type="checkbox" checked={stored} onChange={(e) => setStored(e.target.checked)} autoFocus />
          <span>I have stored it in my password manager</span>
        </label>
        {vaultSave && <SaveInVaultChoice choice={vaultChoice} checked={inVault} onChange={setInVault} rootLike={isRootPurpose(purpose)} />}
        <WizardActions onBack={() => setSub('choose')} submitDisabled={!storeOk} />
      </SubStepForm>
    );
  }

  return (
    <SubStepForm
      sub="confirm"
      onNext={() => void submit()}
      counter={counter('confirm')}
      title="Retype it to confirm"
      why={
        <>
          <h4>Why retype it</h4>
          <p>
            Typing it again, ideally from your password manager rather than from memory, proves the stored copy is right before the key depends on
            it.
          </p>
        </>
      }
    >
      <SecretField
        label="Retype passphrase"
        value={retype}
        onChange={setRetype}
        autoComplete="off"
        autoFocus
        showToggle={false}
        invalid={retype.length > 0 && !matches}
        hint={retype.length === 0 ? 'Paste or type it exactly.' : matches ? 'It matches.' : 'It does not match yet.'}
      />
      <WizardActions
        onBack={() => setSub('store')}
        busy={busy}
        submitLabel={busy ? 'Working…' : submitLabel}
        submitDisabled={!matches || !storeOk}
      />
    </SubStepForm>
  );
}
