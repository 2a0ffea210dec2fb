import { SecretField } from '../../components/SecretField';
import { NewKeyPassphrase } from '../passphrase/NewKeyPassphrase';
import { storeSatisfied, type VaultChoice } from '../passphrase/vault-choice';
import type { PublishPassphrases } from '../../store/types';
import type { PassphraseNeed } from './recovery-text';

/**
 * Passphrases typed for one operation, plus the retyped new ones (and whether each new one is stored, or to be saved
 * in the vault); kept only in the form's state and cleared after each call.
 */
export type PassphraseValues = Partial<
  Record<
    keyof PublishPassphrases | `${keyof PublishPassphrases}-again` | `${keyof PublishPassphrases}-stored` | `${keyof PublishPassphrases}-vault`,
    string
  >
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
      if (!storeSatisfied(n.role === 'root', values[`${n.role}-stored`] === 'yes', values[`${n.role}-vault`] === 'yes')) {
        return n.role === 'root' || values[`${n.role}-vault`] === 'yes'
          ? `Store the new ${n.role} passphrase in your password manager first.`
          : `Store the new ${n.role} passphrase in your password manager (or save it in the vault) first.`;
      }
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

/** The new keys' roles whose passphrase the person chose to save in the vault once the operation wrote them. */
export function vaultRolesOf(needs: PassphraseNeed[], values: PassphraseValues): (keyof PublishPassphrases)[] {
  return needs.filter((n) => n.kind === 'new' && values[`${n.role}-vault`] === 'yes').map((n) => n.role);
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
  vaultChoice,
}: {
  needs: PassphraseNeed[];
  values: PassphraseValues;
  onChange: (values: PassphraseValues) => void;
  /** Offers "Save it in the vault" for each new key's passphrase (the caller saves them after the operation). */
  vaultChoice?: VaultChoice;
}) {
  return (
    <div className="publish-passphrases" data-testid="publish-passphrases">
      {needs.map((n) => {
        const again = `${n.role}-again` as const;
        const stored = `${n.role}-stored` as const;
        const inVault = `${n.role}-vault` as const;
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
                inVault={values[inVault] === 'yes'}
                vaultChoice={vaultChoice}
                onChange={(next) =>
                  onChange({ ...values, [n.role]: next.value, [again]: next.again, [stored]: next.stored ? 'yes' : '', [inVault]: next.inVault ? 'yes' : '' })
                }
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
