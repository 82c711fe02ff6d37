/** Public surface of the process runtime of the Kubernetes simulator. */
export { createProcessRuntime, type ProcessRuntime } from './process-runtime.js';
export { runsByDefault, type ProcessRuntimeOptions } from './options.js';
export type { BindMount } from './work-area.js';
export type { Isolation } from './sandbox.js';
