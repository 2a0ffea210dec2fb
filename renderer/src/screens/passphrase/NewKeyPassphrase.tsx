import { useEffect, useState } from 'react';
import { SecretField } from '../../components/SecretField';
import { PassphraseGenerator } from './PassphraseGenerator';
import { floorFor, purposeForRole } from './purpose';
import { describeStrength, loadStrengthChecker, toneFor, type StrengthEstimate } from './strength';
import { StrengthMeter } from './StrengthMeter';
import { SaveInVaultChoice } from './SaveInVaultChoice';
import type { VaultChoice } from './vault-choice';

/**
 * The passphrase step's parts for a new key made inside another flow (a rotation, a recovery step, a new root, a
 * signer): the same generators (PassphraseGenerator), the same strength verdict and floor (a root passphrase rated
 * weak is refused, as in the step), "I have stored it" or the vault, and the retyping, in one block, because those
 * flows choose several keys' passphrases on one page. The values stay in the caller's form state.
 *
 * Names the e2e specs can rely on: data-testid="new-key-passphrase" data-role=ROLE; the field named by `label`;
 * button "Generate words"; data-testid="passphrase-strength"; button "Copy passphrase"; checkbox "I have stored the
 * ROLE passphrase"; field "Repeat the passphrase for the new ROLE key"; with `vaultChoice`, SaveInVaultChoice's names
 * (checkbox "Save the ROLE passphrase in the vault").
 */
export function NewKeyPassphrase({
  role,
  label,
  hint,
  value,
  again,
  stored,
  inVault = false,
  vaultChoice,
  onChange,
}: {
  role: string;
  label: string;
  hint: string;
  value: string;
  again: string;
  stored: boolean;
  /** "Save it in the vault" ticked; offered only with `vaultChoice` (the caller saves after the operation). */
  inVault?: boolean;
  vaultChoice?: VaultChoice;
  onChange: (next: { value: string; again: string; stored: boolean; inVault: boolean }) => void;
}) {
  const [estimate, setEstimate] = useState<StrengthEstimate | null>(null);
  const [bits, setBits] = useState<number | null>(null);
  const [shown, setShown] = useState(false);
  const [copyNote, setCopyNote] = useState<string | null>(null);
  const floor = floorFor(purposeForRole(role));
  const minLength = floor.minLength;
  // Where weak is refused, "not yet rated" is not good enough either: "stored it" waits for the verdict.
  const refused = floor.refuseWeak && value.length >= minLength && (estimate === null || toneFor(estimate) === 'bad');

  useEffect(() => {
    if (value.length < minLength) {
      setEstimate(null);
      return;
    }
    let live = true;
    const t = setTimeout(() => void loadStrengthChecker().then((check) => live && setEstimate(check(value))), 120);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [value, minLength]);

  const generated = (next: string, randomness: number) => {
    setBits(randomness);
    setShown(true);
    onChange({ value: next, again: '', stored: false, inVault });
  };
  const copy = async () => {
    // Loaded on use: this block is also part of forms whose helpers are unit-tested outside a window.
    const { vault } = await import('../../api');
    const r = await vault.clipboard.copySecret({ text: value });
    setCopyNote(r.ok ? `Copied; the clipboard is cleared in ${r.value.clearsAfterSeconds} seconds.` : `Could not copy: ${r.message}`);
  };
  const mismatch = again !== '' && again !== value;

  return (
    <div className="new-key-passphrase" data-testid="new-key-passphrase" data-role={role}>
      <SecretField
        label={label}
        value={value}
        onChange={(v) => {
          setBits(null);
          onChange({ value: v, again, stored: false, inVault });
        }}
        autoComplete="new-password"
        hint={hint}
        shown={shown}
        onShownChange={setShown}
      />
      <PassphraseGenerator onGenerated={generated} />
      <div className="button-row">
        <button type="button" className="button button-ghost button-small" disabled={value.length < minLength} onClick={() => void copy()}>
          Copy passphrase
        </button>
        {copyNote && <span className="muted">{copyNote}</span>}
      </div>
      {value.length > 0 && <StrengthMeter wording={describeStrength(value.length, estimate, minLength)} bits={bits} />}
      {refused && estimate !== null && (
        <p className="field-hint" role="status" data-testid="passphrase-refused">
          A {role} passphrase rated weak is not accepted: it protects what cannot be replaced.
        </p>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={stored} disabled={value.length < minLength || refused} onChange={(e) => onChange({ value, again, stored: e.target.checked, inVault })} />
        <span>I have stored the {role} passphrase in my password manager</span>
      </label>
      {vaultChoice && (
        <SaveInVaultChoice
          choice={vaultChoice}
          checked={inVault}
          onChange={(v) => onChange({ value, again, stored, inVault: v })}
          rootLike={role === 'root'}
          what={`the ${role} passphrase`}
        />
      )}
      <SecretField
        label={`Repeat the passphrase for the new ${role} key`}
        value={again}
        onChange={(v) => onChange({ value, again: v, stored, inVault })}
        autoComplete="new-password"
        showToggle={false}
        invalid={mismatch}
        hint={mismatch ? 'The two passphrases differ.' : 'Typed twice, so a slip of the finger does not lock the key away.'}
      />
    </div>
  );
}
