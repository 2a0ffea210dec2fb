import { consumerErrors, consumerResetSteps, consumerWarning, type RecoveryRole, type RecoveryStep, type RootLoss } from '../../../shared/dto/recovery';
import type { RecoveryCommands } from './commands';
import type { KeyCopies } from './key-copies';
import { signerOf } from './repo-keys';
import { verifyStep } from './steps-with-root';

/** Registries whose notary only its operator can reset (Docker Hub: docker.io GUNs, served by notary.docker.io). */
const HOSTED_GUN = /^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//;
const HOSTED_SERVER = /^https?:\/\/notary\.docker\.io(:\d+)?(\/|$)/;

/** Tags listed by name in the re-sign step; the rest are counted. */
const MAX_TAG_COMMANDS = 20;

export interface RootLossContext {
  gun: string;
  server: string | undefined;
  roles: RecoveryRole[];
  tags: { name: string; role: string; digest?: string }[];
  copies: KeyCopies;
  tokenLabels: string[];
  cmd: RecoveryCommands;
}

/**
 * A lost root cannot be replaced: notary accepts a new root.json only when the old root key signs it too, and
 * every other key is vouched for by root. The way out is a new repository under the same name: delete its trust
 * data on the server, initialise it with a new root, put signers and tags back, and have every consumer forget the
 * old root.
 */
export function rootLossOf(ctx: RootLossContext): { rootLoss: RootLoss; steps: RecoveryStep[] } {
  const root = ctx.roles.find((r) => r.role === 'root')!;
  const hosted = HOSTED_GUN.test(ctx.gun) || (ctx.server !== undefined && HOSTED_SERVER.test(ctx.server));
  const ids = root.keys.map((k) => k.canonicalId).join(', ');
  const rootLoss: RootLoss = {
    statement:
      `The root key of ${ctx.gun} (${ids}) is lost and cannot be recovered. No key file, token or verified backup holds it, ` +
      'and notary accepts a new root only when the old root key signs it, so nothing in this repository\'s trust data can be ' +
      'changed any more. The only way out is to start its trust data again with a new root key, and every consumer must then ' +
      'forget the old root.',
    searched: { keyFiles: ctx.copies.keyFileCount, tokens: ctx.tokenLabels, backups: ctx.copies.backupCount },
    hostedRegistry: hosted,
    hostedRegistryNote:
      'On a hosted registry you cannot delete a repository\'s trust data yourself: ask its operator to reset the repository\'s ' +
      'trust state. For Docker Hub, Docker\'s guide says to "email Docker Hub Support".',
    consumerReset: consumerResetSteps(ctx.gun),
    consumerWarning: consumerWarning(ctx.gun),
    consumerErrors: consumerErrors(ctx.gun),
  };

  const steps: RecoveryStep[] = [];
  if (root.keys.some((k) => k.unverifiedBackups.length > 0)) steps.push(verifyStep(root, ctx.cmd));
  const afterDelete = { possibleNow: false, blockedBy: 'the server still has the old trust data: delete it first (the step above)' };
  const afterInit = { possibleNow: false, blockedBy: 'needs the new root and targets keys: initialise the repository first' };
  steps.push({
    id: 'delete-trust-data',
    role: 'root',
    title: hosted ? `Ask the registry's operator to reset the trust state of ${ctx.gun}` : `Delete the trust data of ${ctx.gun} on the server`,
    options: [
      {
        title: hosted ? 'Ask the operator (Docker Hub: email Docker Hub Support) to reset the repository\'s trust state' : 'Forget your own copy (restorable), then delete the repository\'s trust data on the server',
        changesOnServer: `removes every trust file of ${ctx.gun}: no tag is signed until the repository is initialised and the tags signed again`,
        needsKeys: [],
        commands: hosted ? [ctx.cmd.forget()] : [ctx.cmd.forget(), ctx.cmd.deleteRemote()],
        possibleNow: !hosted,
        blockedBy: hosted ? rootLoss.hostedRegistryNote : null,
      },
    ],
  });
  steps.push({
    id: 'init-new-root',
    role: 'root',
    title: `Initialise ${ctx.gun} again with a new root key`,
    options: [
      {
        title: 'Initialise the repository (root: a root key you hold for other repositories, else a token, else a new file)',
        changesOnServer: 'publishes a new root.json with a new root key, and new targets and snapshot; the server makes a new timestamp key',
        needsKeys: [],
        commands: [ctx.cmd.init()],
        ...afterDelete,
      },
    ],
  });
  // Docker signers come back with `repo signer add` (which also fills targets/releases); any other delegation with
  // notary's own command.
  const delegations = ctx.roles.filter((r) => r.kind === 'delegation');
  const signers = [...new Set(delegations.map((r) => signerOf(r.role, ctx.roles)).filter((n): n is string => n !== null))];
  const others = delegations.filter((r) => signerOf(r.role, ctx.roles) === null && !(r.role === 'targets/releases' && signers.length > 0)).map((r) => r.role);
  if (signers.length + others.length > 0) {
    steps.push({
      id: 're-add-signers',
      role: 'targets',
      title: `Add the signers again: ${[...signers, ...others].join(', ')}`,
      options: [
        {
          title: 'Add each signer with its public key (a new key where the old one is lost too)',
          changesOnServer: 'targets.json, signed by the new targets key, lists each signer\'s key again',
          needsKeys: [],
          commands: [...signers.map((s) => ctx.cmd.signerAdd(s, `<${s}.pub>`)), ...others.map((r) => ctx.cmd.delegationAdd(r))],
          ...afterInit,
        },
      ],
    });
  }
  if (ctx.tags.length > 0) {
    const names = [...new Set(ctx.tags.map((t) => t.name))];
    const more = names.length - MAX_TAG_COMMANDS;
    steps.push({
      id: 're-sign-tags',
      role: 'targets',
      title: `Sign the ${names.length} tag${names.length === 1 ? '' : 's'} again: the old signatures went with the old root`,
      options: [
        {
          title: `Sign each tag again with the digest it had, once the registry confirms it still serves it${more > 0 ? ` (${more} more not listed)` : ''}`,
          changesOnServer: 'targets.json (or a signer\'s delegation) lists the tag again',
          needsKeys: [],
          commands: names.slice(0, MAX_TAG_COMMANDS).map((n) => ctx.cmd.signTag(n, ctx.tags.find((t) => t.name === n)?.digest)),
          ...afterInit,
        },
      ],
    });
  }
  steps.push({
    id: 'notify-consumers',
    role: 'root',
    title: 'Tell every consumer the new root key ID and to forget the old root',
    options: [
      {
        title: 'Send the consumer notice: it names the new root key ID and the reset',
        changesOnServer: null,
        needsKeys: [],
        commands: [ctx.cmd.notice()],
        possibleNow: false,
        blockedBy: 'the notice names the new root key ID: initialise the repository first',
      },
    ],
  });
  return { rootLoss, steps };
}
