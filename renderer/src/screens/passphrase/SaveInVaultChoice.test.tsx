import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { SaveInVaultChoice } from './SaveInVaultChoice';
import type { VaultChoice, VaultChoiceState } from './vault-choice';

const choice = (state: VaultChoiceState): VaultChoice => ({ state, unlock: async () => null, goToVault: () => undefined, leaveNote: 'The wizard waits.' });
const render = (state: VaultChoiceState, rootLike = false, checked = false) =>
  renderToStaticMarkup(<SaveInVaultChoice choice={choice(state)} checked={checked} onChange={() => undefined} rootLike={rootLike} what="the targets passphrase" />);

describe('SaveInVaultChoice', () => {
  it('offers the tick while the vault is unlocked', () => {
    const html = render('unlocked', false, true);
    expect(html).toContain('data-state="unlocked"');
    expect(html).toContain('Save the targets passphrase in the vault');
    expect(html).toContain('checked=""');
    expect(html).not.toContain('Master passphrase');
  });

  it('keeps the password manager for a root key', () => {
    expect(render('unlocked', true)).toContain('Keep it in your password manager too');
  });

  it('says the vault is locked and offers to unlock it here, with no tick', () => {
    const html = render('locked');
    expect(html).toContain('data-state="locked"');
    expect(html).toContain('The vault is locked.');
    expect(html).toContain('Master passphrase');
    expect(html).toContain('Unlock the vault');
    expect(html).not.toContain('type="checkbox"');
  });

  it('says there is no vault yet and offers the way to create it', () => {
    const html = render('absent');
    expect(html).toContain('There is no vault yet.');
    expect(html).toContain('Create the vault');
    expect(html).toContain('The wizard waits.');
  });

  it('shows nothing before the vault was read', () => {
    expect(render('unknown')).toBe('');
  });
});
