import type { RecoveryPlan, RecoveryStep } from '../../../../shared/dto/recovery';
import type { VaultChoiceState } from '../passphrase/vault-choice';
import type { BackupsTab, ScreenName } from '../../store/types';

/**
 * The other screens a recovery step needs (issue 16, point 7): a backup to restore or verify (Backups), a key on a
 * token (Tokens), a key offline in a locked vault (Vault), the repository's notary server or signers (the repository's
 * own page, under the wizard). Pure: the wizard shows one link per entry and comes back to the same step.
 */
export interface StepLink {
  /** Stable name for tests and React keys. */
  id: 'backups-restore' | 'backups-verify' | 'tokens' | 'vault' | 'server' | 'keys' | 'signers';
  screen: ScreenName;
  /** The Backups screen's tab to open on. */
  backupsTab?: BackupsTab;
  /** Opens the Keys screen's generate dialog there. */
  generate?: boolean;
  /** The button's words. */
  label: string;
  /** Why the step needs it, one sentence. */
  why: string;
}

export interface StepLinkContext {
  vault: VaultChoiceState;
  /** A notary server is set for the repository (the plan came from it, or one is remembered). */
  serverKnown: boolean;
}

const SERVER_STEPS = new Set<RecoveryStep['id']>([
  'rotate-targets',
  'rotate-snapshot',
  'rotate-timestamp',
  'delete-trust-data',
  'init-new-root',
  're-add-signers',
  're-sign-tags',
]);

/** The keys (by the plan's own IDs) the step's actions sign with. */
function neededKeyIds(step: RecoveryStep): Set<string> {
  const ids = new Set<string>();
  for (const o of step.options) for (const n of o.needsKeys) for (const id of n.keyIds) ids.add(id);
  return ids;
}

export function stepLinks(plan: RecoveryPlan, step: RecoveryStep, ctx: StepLinkContext): StepLink[] {
  const links: StepLink[] = [];
  if (step.id === 'restore-backup') {
    links.push({
      id: 'backups-restore',
      screen: 'backups',
      backupsTab: 'restore',
      label: 'Restore from a backup',
      why: 'The key is only in a verified backup: restore it on the Backups screen, then come back to this step.',
    });
  }
  if (step.id === 'verify-backup') {
    links.push({
      id: 'backups-verify',
      screen: 'backups',
      backupsTab: 'verify',
      label: 'Verify the backup',
      why: 'Only a backup whose read-back was verified counts: check it on the Backups screen, then come back to this step.',
    });
  }

  const needed = neededKeyIds(step);
  const keys = plan.roles.flatMap((r) => r.keys.map((k) => ({ role: r.role, key: k })));
  const isNeeded = (k: { keyId: string; canonicalId: string }) => needed.has(k.canonicalId) || needed.has(k.keyId);
  // A key that signs only from a token: the token has to be plugged in (and its PIN typed) on the Tokens screen.
  const onToken = keys.find(({ key }) => isNeeded(key) && key.tokens.length > 0 && key.files.length === 0 && !key.inVault);
  if (onToken) {
    const t = onToken.key.tokens[0]!;
    links.push({
      id: 'tokens',
      screen: 'tokens',
      label: 'Open Tokens',
      why: `The ${onToken.role} key is on the token ${t.label}${t.serial ? ` (serial ${t.serial})` : ''}: plug it in and check it is listed on the Tokens screen.`,
    });
  }
  // A key offline in the vault signs only while the vault is unlocked.
  const inVault = keys.find(({ key }) => isNeeded(key) && key.inVault && key.files.length === 0);
  if (inVault && ctx.vault !== 'unlocked') {
    links.push({
      id: 'vault',
      screen: 'vault',
      label: 'Unlock the vault',
      why: `The ${inVault.role} key is offline, in the vault: it signs only while the vault is unlocked.`,
    });
  }

  if (SERVER_STEPS.has(step.id) && !ctx.serverKnown) {
    links.push({
      id: 'server',
      screen: 'repos',
      label: 'Set the notary server',
      why: 'This step changes the repository on its notary server, and none is set for it yet: set it under “Check against the server” on its page.',
    });
  }
  if (step.id === 'replace-signer' || step.id === 'replace-delegation-key') {
    links.push({
      id: 'keys',
      screen: 'keys',
      generate: true,
      label: 'Generate the new key',
      why:
        step.id === 'replace-signer'
          ? 'The replacement is a new signer key: generate it on the Keys screen (a docker signer key, with its NAME.pub), or have its holder send their .pub.'
          : 'The replacement is a new delegation key: generate it on the Keys screen, then add it to the role with the commands above.',
    });
  }
  if (step.id === 'replace-signer' || step.id === 're-add-signers') {
    links.push({
      id: 'signers',
      screen: 'repos',
      label: 'Go to the signers',
      why: 'Signers are added under “Publisher” on the repository’s page, with the new public key of each.',
    });
  }
  return links;
}

/** On return: the page to show again. The same step by ID when the plan still has it, else the same place, within range. */
export function returnPage(stepIds: readonly string[], away: { page: number; stepId: string | null }): number {
  if (away.stepId) {
    const i = stepIds.indexOf(away.stepId);
    if (i >= 0) return i + 1;
  }
  return Math.max(0, Math.min(away.page, stepIds.length + 1));
}

/** The outcomes kept while away still apply only if the plan has the very same steps. */
export function sameSteps(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}
