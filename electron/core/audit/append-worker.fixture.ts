/** Test helper (audit-concurrency.test.ts): appends N entries to the audit log of DATA_DIR, as one process. */
import { AuditLog } from './audit-log';

const [dataDir, count, who] = process.argv.slice(2);
const log = new AuditLog({ dataDir: dataDir!, via: 'cli', actor: { user: who!, host: 'test' } });
for (let i = 0; i < Number(count); i++) {
  log.append({ action: 'key.generated', keyIds: [i.toString(16).padStart(64, '0')], result: 'ok', detail: `${who} ${i}` });
}
