import { useId, type ReactNode } from 'react';
import { Badge } from '../../components/Badge';
import { WizardActions, WizardStep } from '../../components/WizardStep';
import { roleTone } from '../repos/repo-text';
import { COVERAGE_STATUS, plural, type KeyChoice } from './backup-text';

export interface KeysChoice {
  scope: 'all' | 'chosen';
  chosen: ReadonlySet<string>;
  includePinnedRoots: boolean;
}

interface ChooseKeysStepProps {
  counter: string;
  keys: KeyChoice[];
  value: KeysChoice;
  onChange: (value: KeysChoice) => void;
  onNext: () => void;
  /** More optional choices shown above the count (the trust-data archives, issue 15). */
  extra?: ReactNode;
}

/** Step 1 of the backup: all keys, or chosen ones (root keys listed first). */
export function ChooseKeysStep({ counter, keys, value, onChange, onNext, extra }: ChooseKeysStepProps) {
  const name = useId();
  const count = value.scope === 'all' ? keys.length : value.chosen.size;
  const toggle = (id: string, on: boolean) => {
    const next = new Set(value.chosen);
    if (on) next.add(id);
    else next.delete(id);
    onChange({ ...value, chosen: next });
  };
  const uncovered = keys.filter((k) => k.status === 'none').map((k) => k.id);

  return (
    <form
      data-testid="backup-step"
      data-step="what"
      onSubmit={(e) => {
        e.preventDefault();
        if (count > 0) onNext();
      }}
    >
      <WizardStep
        counter={counter}
        title="Which keys go into the backup?"
        why={
          <>
            <h4>Why all keys</h4>
            <p>
              One backup of everything is the simplest to keep and to restore. The root key matters most: it cannot be replaced, and losing it means
              starting the trust of every repository over.
            </p>
            <h4>What goes in</h4>
            <p>
              The key files exactly as they are in the trust folder, still encrypted with their own passphrases, packed as a tar.gz and encrypted
              once more as one age file.
            </p>
          </>
        }
      >
        <fieldset className="choice-list">
          <legend className="sr-only">Keys to back up</legend>
          <label className={value.scope === 'all' ? 'choice selected' : 'choice'}>
            <input type="radio" name={name} checked={value.scope === 'all'} onChange={() => onChange({ ...value, scope: 'all' })} />
            <span>
              <span className="choice-label">All keys ({plural(keys.length, 'key')})</span>
              <span className="choice-why">Every key of this trust folder, root keys included.</span>
            </span>
          </label>
          <label className={value.scope === 'chosen' ? 'choice selected' : 'choice'}>
            <input type="radio" name={name} checked={value.scope === 'chosen'} onChange={() => onChange({ ...value, scope: 'chosen' })} />
            <span>
              <span className="choice-label">Chosen keys</span>
              <span className="choice-why">Pick the keys below; root keys are listed first.</span>
            </span>
          </label>
        </fieldset>

        {value.scope === 'chosen' && (
          <div className="key-picker">
            <div className="button-row key-picker-tools">
              <button type="button" className="button button-ghost button-small" onClick={() => onChange({ ...value, chosen: new Set(keys.map((k) => k.id)) })}>
                Select all
              </button>
              {uncovered.length > 0 && (
                <button type="button" className="button button-ghost button-small" onClick={() => onChange({ ...value, chosen: new Set(uncovered) })}>
                  Only keys without a backup
                </button>
              )}
              <button type="button" className="button button-ghost button-small" onClick={() => onChange({ ...value, chosen: new Set() })}>
                Select none
              </button>
            </div>
            <ul className="key-picker-list" role="list" aria-label="Keys">
              {keys.map((k) => (
                <li key={k.id}>
                  <label className="checkbox key-pick" data-testid="key-choice" data-key-id={k.id}>
                    <input type="checkbox" checked={value.chosen.has(k.id)} onChange={(e) => toggle(k.id, e.target.checked)} />
                    <span className="key-pick-text">
                      {k.role ? <Badge tone={roleTone(k.role)}>{k.role}</Badge> : <Badge>no role</Badge>}
                      {k.gun && <span className="mono break">{k.gun}</span>}
                      <span className="mono muted" title={k.id}>
                        {k.id.slice(0, 12)}…
                      </span>
                      {k.status && <Badge tone={COVERAGE_STATUS[k.status].tone}>{COVERAGE_STATUS[k.status].label}</Badge>}
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          </div>
        )}

        <label className="checkbox">
          <input type="checkbox" checked={value.includePinnedRoots} onChange={(e) => onChange({ ...value, includePinnedRoots: e.target.checked })} />
          <span>
            Also back up the pinned root certificates
            <span className="checkbox-why">
              The root.json each repository trusts (from tuf/), so a restored machine trusts the same roots without trusting on first use again.
            </span>
          </span>
        </label>
        {extra}

        <p className="field-hint" aria-live="polite" data-testid="keys-chosen">
          {count === 0 ? 'Choose at least one key.' : `${plural(count, 'key')} will be backed up.`}
        </p>
        <WizardActions submitDisabled={count === 0} />
      </WizardStep>
    </form>
  );
}
