export { planCleanup } from './plan.js';
export { assertServiceNames, serviceNameProblem } from './service-name.js';
export type {
  CleanupPlan,
  DeleteReason,
  KeepReason,
  ListedEntry,
  PlannedEntry,
  PlanOptions,
} from './types.js';
export { countKept, emptyKept, formatBytes, renderCleanReport, totalsOf } from './report.js';
export type { CleanReport, KeptCounts, NamespaceFailure, ServiceReport } from './report.js';
