export { auditExportUrl, auditQueries, auditSearchSchema } from './audit-queries';
export { AuditTrailScreen } from './audit-trail-screen';
export { TaskAuditHistory } from './task-audit-history';
