import { SecretField } from '../../components/SecretField';
import { NewKeyPassphrase } from '../passphrase/NewKeyPassphrase';
import type { PublishPassphrases } from '../../store/types';
import type { PassphraseNeed } from './recovery-text';

/** Passphrases typed for one operation, plus the retyped new ones; kept only in the form's state and cleared after each call. */
export type PassphraseValues = Partial<
  Record<keyof PublishPassphrases | `${keyof PublishPassphrases}-again` | `${keyof PublishPassphrases}-stored`, string>
>;

const MIN = 8;

/** Why the values cannot be sent yet, or null when every asked passphrase is there (and new ones match their retyping). */
export function passphraseProblem(needs: PassphraseNeed[], values: PassphraseValues): string | null {
  for (const n of needs) {
    const v = values[n.role] ?? '';
    if (v === '' && n.inVault && n.kind === 'existing') continue;
    if (v === '') return `Type the ${n.role} passphrase.`;
    if (n.kind === 'new') {
      if (v.length < MIN) return `The ${n.role} passphrase needs at least ${MIN} characters.`;
      if ((values[`${n.role}-again`] ?? '') !== v) return `The two ${n.role} passphrases differ.`;
      if (values[`${n.role}-stored`] !== 'yes') return `Store the new ${n.role} passphrase in your password manager first.`;
    }
  }
  return null;
}

/** Only the passphrases asked for, as the operation takes them. */
export function passphrasesOf(needs: PassphraseNeed[], values: PassphraseValues): PublishPassphrases {
  const out: PublishPassphrases = {};
  for (const n of needs) {
    const v = values[n.role] ?? '';
    // Left empty with the passphrase in the vault: not sent at all, so core takes it from the vault.
    if (v === '' && n.inVault && n.kind === 'existing') continue;
    out[n.role] = v;
  }
  return out;
}

/** Under a passphrase field the vault can fill in. */
export function SavedInVaultHint() {
  return (
    <span data-testid="saved-in-vault">
      <strong>Saved in the vault:</strong> leave it empty and the unlocked vault fills it in.
    </span>
  );
}

/** One field per passphrase the operation needs (and a retyping field for each new key's). */
export function PassphraseFields({
  needs,
  values,
  onChange,
}: {
  needs: PassphraseNeed[];
  values: PassphraseValues;
  onChange: (values: PassphraseValues) => void;
}) {
  return (
    <div className="publish-passphrases" data-testid="publish-passphrases">
      {needs.map((n) => {
        const again = `${n.role}-again` as const;
        const stored = `${n.role}-stored` as const;
        if (n.kind === 'new') {
          // A new key's passphrase: the same parts as the passphrase step (generator, strength, stored, retype).
          return (
            <div key={n.role} className="publish-passphrase">
              <NewKeyPassphrase
                role={n.role}
                label={n.label}
                hint={n.hint}
                value={values[n.role] ?? ''}
                again={values[again] ?? ''}
                stored={values[stored] === 'yes'}
                onChange={(next) => onChange({ ...values, [n.role]: next.value, [again]: next.again, [stored]: next.stored ? 'yes' : '' })}
              />
            </div>
          );
        }
        return (
          <div key={n.role} className="publish-passphrase">
            <SecretField
              label={n.label}
              value={values[n.role] ?? ''}
              onChange={(v) => onChange({ ...values, [n.role]: v })}
              autoComplete="current-password"
              hint={n.inVault ? <SavedInVaultHint /> : n.hint}
            />
          </div>
        );
      })}
    </div>
  );
}
