import type { Handlers } from '../api/dispatcher';
import { writeNewFileAtomically } from '../fs/atomic-write';
import type { Dialogs } from '../ports';
import type { AuditLog } from './audit-log';

/**
 * The contract's `audit` group over one log, ready for createHandlers: list with the filter, verify the chain, restart a
 * damaged log (kept aside, never deleted), and
 * export the log as JSON lines to a file main's save dialog asks for (null when cancelled; never over an existing file).
 */
export function auditApi(log: AuditLog, dialogs: Pick<Dialogs, 'chooseFileToSave'>): Handlers['audit'] {
  return {
    list: (filter) => log.list(filter),
    verify: () => log.verify(),
    restart: ({ confirmation }) => log.restart(confirmation),
    export: async () => {
      const text = log.exportJsonLines();
      const path = await dialogs.chooseFileToSave({ title: 'Export the audit log', defaultName: 'trust-vault-audit.jsonl' });
      if (path === null) return null;
      writeNewFileAtomically(path, text);
      return { path, entries: text === '' ? 0 : text.split('\n').length - 1 };
    },
  };
}
