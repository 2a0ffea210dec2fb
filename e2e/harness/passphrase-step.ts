import { expect, type Locator } from '@playwright/test';

/**
 * Walks the passphrase step (renderer/src/screens/passphrase/PassphraseStep.tsx) as a person does: type it, wait for
 * the strength verdict, Next; tick "I have stored it", Next; retype it; press the flow's submit button.
 */
export async function walkPassphraseStep(scope: Locator, passphrase: string, submitLabel: string): Promise<void> {
  const step = scope.getByTestId('passphrase-step');
  await expect(step).toHaveAttribute('data-substep', 'choose');
  await step.getByLabel('Passphrase', { exact: true }).fill(passphrase);
  // The verdict replaces "Checking…" and the meter grows, moving the buttons: wait for it before clicking.
  await expect(step.getByTestId('passphrase-strength')).not.toContainText('Checking');
  await step.getByRole('button', { name: 'Next' }).click();

  await expect(step).toHaveAttribute('data-substep', 'store');
  await step.getByRole('checkbox', { name: 'I have stored it in my password manager' }).check();
  await step.getByRole('button', { name: 'Next' }).click();

  await expect(step).toHaveAttribute('data-substep', 'confirm');
  await step.getByLabel('Retype passphrase').fill(passphrase);
  await step.getByRole('button', { name: submitLabel }).click();
}
