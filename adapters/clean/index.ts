export { appendAuditRecords, type AuditRecord } from './audit-log.js';
export { startCleanFs, type CleanFs, type RemoveResult } from './fs-client.js';
export {
  applyCleanLogs,
  planCleanLogs,
  reportOfPlans,
  serviceOfPod,
  type CleanDeps,
  type CleanInput,
  type CleanPlanSet,
  type ServicePlan,
} from './run.js';
export { cleanLogsOnePass, type OnePassOptions } from './run-direct.js';
