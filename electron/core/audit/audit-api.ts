import type { Handlers } from '../api/dispatcher';
import { writeNewFileAtomically } from '../fs/atomic-write';
import type { Dialogs } from '../ports';
import type { AuditCheckpointReport } from '../../../shared/dto/vault';
import type { AuditLog } from './audit-log';
import { checkpointProblem } from './checkpoint';

/** The vault's checkpoints as the audit screen uses them; check() is null while the vault is locked. */
export interface VaultCheckpoints {
  check(): AuditCheckpointReport | null;
  /** After a new log was started: the checkpoints start again from it (no-op while locked). */
  rebase(): void;
}

/**
 * The contract's `audit` group over one log, ready for createHandlers: list with the filter, verify the chain, restart a
 * damaged log (kept aside, never deleted), and
 * export the log as JSON lines to a file main's save dialog asks for (null when cancelled; never over an existing file).
 */
export function auditApi(log: AuditLog, dialogs: Pick<Dialogs, 'chooseFileToSave'>, vault?: VaultCheckpoints): Handlers['audit'] {
  return {
    list: (filter) => log.list(filter),
    verify: () => {
      const chain = log.verify();
      // While the vault is unlocked, the log is also checked against its checkpoints (issue 12, point 3).
      const checkpoint = vault?.check() ?? null;
      if (!checkpoint) return chain;
      const tampered = checkpointProblem(checkpoint);
      return { ...chain, ok: chain.ok && !tampered, problems: tampered ? [tampered, ...chain.problems] : chain.problems, checkpoint };
    },
    restart: ({ confirmation }) => {
      const tampered = vault?.check()?.tampered?.message ?? null;
      const verification = log.restart(confirmation, { tampered });
      vault?.rebase();
      return verification;
    },
    export: async () => {
      const text = log.exportJsonLines();
      const path = await dialogs.chooseFileToSave({ title: 'Export the audit log', defaultName: 'trust-vault-audit.jsonl' });
      if (path === null) return null;
      writeNewFileAtomically(path, text);
      return { path, entries: text === '' ? 0 : text.split('\n').length - 1 };
    },
  };
}
