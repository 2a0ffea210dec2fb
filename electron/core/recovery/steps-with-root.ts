import type { NeededKeys, RecoveryAction, RecoveryRole, RecoveryStep } from '../../../shared/dto/recovery';
import type { RecoveryCommands } from './commands';
import { signerOf } from './repo-keys';
import { backupText } from './role-status';

/**
 * The steps when the root key is still within reach (held, or in a verified backup): restore what only a backup
 * holds, then replace each lost key with the key above it: targets, snapshot and timestamp with root (notary
 * rotation), a delegation with targets (remove and re-add the signer).
 */
export function stepsWithRoot(roles: RecoveryRole[], cmd: RecoveryCommands): RecoveryStep[] {
  const byName = new Map(roles.map((r) => [r.role, r] as const));
  const root = byName.get('root')!;
  const targets = byName.get('targets');
  const steps: RecoveryStep[] = [];

  for (const r of roles) if (r.status === 'backup-only') steps.push(restoreStep(r, cmd));
  for (const r of roles) if (r.status === 'lost' && r.keys.some((k) => k.unverifiedBackups.length > 0)) steps.push(verifyStep(r, cmd));

  const needsRoot = gate(root, 'root');
  const lost = (name: string) => byName.get(name)?.status === 'lost';
  if (lost('targets')) {
    steps.push(step('rotate-targets', 'targets', 'Replace the lost targets key: rotate it with the root key', [
      {
        title: 'Rotate the targets key',
        changesOnServer:
          'publishes a new root.json, signed by the root key, that lists a new targets key in place of the lost one, and targets.json (same tags and delegations) signed by the new key',
        needsKeys: [needed(root)],
        commands: [cmd.rotate('targets')],
        ...needsRoot,
      },
    ]));
  }
  if (lost('snapshot')) {
    steps.push(step('rotate-snapshot', 'snapshot', 'Replace the lost snapshot key: let the server hold it, or make a new local one', [
      {
        title: 'Let the notary server hold the snapshot key',
        changesOnServer: 'the server makes a new snapshot key and signs every snapshot from then on; a new root.json, signed by the root key, lists it',
        needsKeys: [needed(root)],
        commands: [cmd.rotate('snapshot', true)],
        ...needsRoot,
      },
      {
        title: 'Make a new local snapshot key',
        changesOnServer: 'a new root.json, signed by the root key, lists a new snapshot key made here; snapshot.json is signed with it',
        needsKeys: [needed(root)],
        commands: [cmd.rotate('snapshot')],
        ...needsRoot,
      },
    ]));
  }
  if (lost('timestamp')) {
    steps.push(step('rotate-timestamp', 'timestamp', 'Replace the timestamp key: the server makes a new one', [
      {
        title: 'Rotate the timestamp key on the server',
        changesOnServer: 'the server makes a new timestamp key; a new root.json, signed by the root key, lists it',
        needsKeys: [needed(root)],
        commands: [cmd.rotate('timestamp')],
        ...needsRoot,
      },
    ]));
  }
  if (targets) steps.push(...delegationSteps(roles, targets, cmd));
  return steps;
}

/** Delegations are signed into targets.json: replacing a delegation key needs the targets key (a new one counts). */
function delegationSteps(roles: RecoveryRole[], targets: RecoveryRole, cmd: RecoveryCommands): RecoveryStep[] {
  const needsTargets =
    targets.status === 'lost'
      ? { possibleNow: false, blockedBy: 'needs the targets key: rotate it first (the step above)' }
      : gate(targets, 'targets');
  const lostDelegations = roles.filter((r) => r.kind === 'delegation' && r.status === 'lost');
  // A signer's key sits in targets/<name> and targets/releases: one signer step replaces it in both.
  const bySigner = new Set(lostDelegations.map((r) => signerOf(r.role, roles)).filter((n): n is string => n !== null));
  const signerKeys = new Set(lostDelegations.filter((r) => signerOf(r.role, roles) !== null).flatMap((r) => r.keys.map((k) => k.keyId)));
  const steps: RecoveryStep[] = [...bySigner].map((name) =>
    step('replace-signer', `targets/${name}`, `Replace signer ${name}'s lost key: remove the signer and add it again with a new key`, [
      {
        title: `Remove ${name} and add ${name} again with a new key`,
        changesOnServer: `targets.json, signed by the targets key, drops ${name}'s old key from targets/${name} and targets/releases and lists the new one; tags only ${name} signed must be signed again`,
        needsKeys: [needed(targets)],
        commands: [cmd.generateSignerKey(name), cmd.signerRemove(name), cmd.signerAdd(name, `${name}.pub`)],
        ...needsTargets,
      },
    ]),
  );
  for (const r of lostDelegations) {
    if (signerOf(r.role, roles) !== null || r.keys.every((k) => signerKeys.has(k.keyId))) continue;
    steps.push(
      step('replace-delegation-key', r.role, `Replace the lost key of ${r.role}: remove it and add a new one`, [
        {
          title: `Remove the lost key from ${r.role} and add a new key (notary's delegation commands: this role belongs to no docker signer)`,
          changesOnServer: `targets.json, signed by the targets key, lists a new key for ${r.role} in place of the lost one; the tags ${r.role} signed must be signed again`,
          needsKeys: [needed(targets)],
          // notary's delegation remove matches the canonical ID (as `notary delegation list` shows it); given the x509
          // ID of a certificate key it reports success and removes nothing (seen with notary 0.7).
          commands: [cmd.delegationRemove(r.role, r.keys.map((k) => k.canonicalId)), cmd.delegationAdd(r.role)],
          ...needsTargets,
        },
      ]),
    );
  }
  return steps;
}

function restoreStep(r: RecoveryRole, cmd: RecoveryCommands): RecoveryStep {
  // The most recently verified copy of each key; keys in the same backup file are restored together.
  const files = new Map<string, { location: string; lastVerifiedAt: string | null; ids: string[] }>();
  for (const k of r.keys) {
    const best = [...k.backups].sort((a, b) => (b.lastVerifiedAt ?? '').localeCompare(a.lastVerifiedAt ?? ''))[0];
    if (!best) continue;
    const entry = files.get(best.file) ?? { location: best.location, lastVerifiedAt: best.lastVerifiedAt, ids: [] };
    entry.ids.push(k.canonicalId);
    files.set(best.file, entry);
  }
  const on = [...files.values()].map(backupText).join(' and ');
  return step('restore-backup', r.role, `The ${r.role} key is only in a backup: restore it from ${on} first`, [
    {
      title: `Restore the ${r.role} key from ${on}`,
      changesOnServer: null,
      needsKeys: [],
      commands: [...files.entries()].map(([file, e]) => cmd.backupRestore(file, e.ids)),
      possibleNow: true,
      blockedBy: null,
    },
  ]);
}

/** A lost key that an unverified (or failed) backup lists: worth checking before replacing anything. */
export function verifyStep(r: RecoveryRole, cmd: RecoveryCommands): RecoveryStep {
  const copies = r.keys.flatMap((k) => k.unverifiedBackups);
  const on = [...new Set(copies.map((c) => c.location))].join(', ');
  return step('verify-backup', r.role, `Check the backup on ${on}: it lists the ${r.role} key but is not verified; if it verifies, restore the key and plan again`, [
    {
      title: `Verify the backup on ${on}`,
      changesOnServer: null,
      needsKeys: [],
      commands: [...new Set(copies.map((c) => c.file))].map((f) => cmd.backupVerify(f)),
      possibleNow: true,
      blockedBy: null,
    },
  ]);
}

const step = (id: RecoveryStep['id'], role: string, title: string, options: RecoveryAction[]): RecoveryStep => ({ id, role, title, options });

const needed = (r: RecoveryRole): NeededKeys => ({ role: r.role, keyIds: r.keys.map((k) => k.canonicalId) });

/** Whether a step signing with `r` can run now: only when the key is held, not while it waits in a backup. */
function gate(r: RecoveryRole, name: string): { possibleNow: boolean; blockedBy: string | null } {
  if (r.status === 'have') return { possibleNow: true, blockedBy: null };
  if (r.status === 'backup-only') return { possibleNow: false, blockedBy: `restore the ${name} key from its backup first` };
  return { possibleNow: false, blockedBy: `the ${name} key is lost` };
}
