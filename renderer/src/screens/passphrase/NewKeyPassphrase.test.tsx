import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { NewKeyPassphrase } from './NewKeyPassphrase';
import type { VaultChoice } from './vault-choice';

const unlocked: VaultChoice = { state: 'unlocked', unlock: async () => null, goToVault: () => undefined, leaveNote: '' };
const render = (role: string, value: string, vaultChoice?: VaultChoice) =>
  renderToStaticMarkup(
    <NewKeyPassphrase role={role} label={`Passphrase for the new ${role} key`} hint="" value={value} again="" stored={false} vaultChoice={vaultChoice} onChange={() => undefined} />,
  );

describe('NewKeyPassphrase, the passphrase step inside rotations, recovery and a new root', () => {
  it('has the step’s generators, store choices and retyping', () => {
    const html = render('targets', 'a long enough passphrase', unlocked);
    for (const part of ['Generate words', 'Number of words', 'Generate characters', 'Number of characters', 'Copy passphrase', 'I have stored the targets passphrase', 'Save the targets passphrase in the vault', 'Repeat the passphrase for the new targets key']) {
      expect(html).toContain(part);
    }
  });

  it('offers no vault choice where the caller has none', () => {
    expect(render('targets', 'a long enough passphrase')).not.toContain('in the vault');
  });

  it('holds a root passphrase back from "stored it" until it is rated, as the step refuses weak root passphrases', () => {
    const stored = (html: string) => /<input type="checkbox"[^>]*disabled=""[^>]*\/><span>I have stored/.test(html);
    expect(stored(render('root', 'a long enough passphrase'))).toBe(true);
    // A repository key's passphrase only needs its 8 characters.
    expect(stored(render('targets', 'a long enough passphrase'))).toBe(false);
  });
});
