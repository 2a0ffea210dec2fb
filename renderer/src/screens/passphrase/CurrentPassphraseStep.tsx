import type { ReactNode } from 'react';
import { SecretField } from '../../components/SecretField';
import { WizardActions, WizardStep } from '../../components/WizardStep';

interface CurrentPassphraseStepProps {
  title: string;
  label: string;
  /** Why the current passphrase is asked for, beside the field. */
  why: ReactNode;
  value: string;
  onChange: (value: string) => void;
  /** Called with a non-empty value; the next step chooses the new passphrase. */
  onNext: () => void;
  onCancel: () => void;
  /** Shown under the field: what went wrong last time. */
  problem?: ReactNode;
  testId?: string;
}

/** Step 1 of changing a passphrase (a key's, the vault's): the current one, checked by main only at the end. */
export function CurrentPassphraseStep({ title, label, why, value, onChange, onNext, onCancel, problem, testId }: CurrentPassphraseStepProps) {
  return (
    <form
      data-testid={testId}
      onSubmit={(e) => {
        e.preventDefault();
        if (value.length > 0) onNext();
      }}
    >
      <WizardStep counter="Step 1 of 4" title={title} why={why}>
        <SecretField label={label} value={value} onChange={onChange} autoComplete="current-password" autoFocus />
        {problem}
        <WizardActions onBack={onCancel} backLabel="Cancel" submitDisabled={value.length === 0} />
      </WizardStep>
    </form>
  );
}
