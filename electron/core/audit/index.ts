export { AuditLog, type AuditLogOptions, type AuditRecord } from './audit-log';
export { audited, recordQuietly, CANCELLABLE_ACTIONS, type AuditFacts, type AuditOutcome, type AuditWhat } from './audited';
export { auditHandlers, AUDITED_OPERATIONS } from './audited-handlers';
export { auditFor, auditedCli } from './for-cli';
export { auditApi } from './audit-api';
