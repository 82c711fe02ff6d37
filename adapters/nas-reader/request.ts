import { ExitCode, OpsError } from '../../core/errors.js';
import type { GcReport } from '../../core/gclog/report.js';
import type { ChildMessage, GcReportRequest } from './protocol.js';
import { forkNasReader } from './spawn.js';

/**
 * Builds a GC report in a NAS reader child and returns it. The child is killed when the deadline
 * passes (a hung NAS), so the CLI answers with an error instead of hanging.
 */
export async function requestGcReport(request: GcReportRequest, deadlineMs: number): Promise<GcReport> {
  const child = forkNasReader();
  try {
    return await new Promise<GcReport>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(
          new OpsError(
            `reading ${request.nasRoot}/${request.namespace}/${request.service} took longer than ${Math.round(deadlineMs / 1000)}s`,
            {
              code: 'E_NAS_TIMEOUT',
              exitCode: ExitCode.unavailable,
              hints: [
                'the NAS may be hung or very slow: check the mount (mount | grep nfs; opsctl nas check)',
                'a large backlog of logs can also take long: narrow with --pod',
              ],
            },
          ),
        );
      }, deadlineMs);
      child.on('message', (message: ChildMessage) => {
        if (message.type === 'gc-report') {
          clearTimeout(timer);
          resolve(message.report as GcReport);
        } else if (message.type === 'error') {
          clearTimeout(timer);
          const { message: text, code, exitCode, hints } = message.error;
          reject(new OpsError(text, { code, exitCode: exitCode as 1, hints }));
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new OpsError(`the NAS reader process ended unexpectedly (${signal ?? `exit ${code}`})`, {
            code: 'E_NAS_READER',
            exitCode: ExitCode.failure,
          }),
        );
      });
      child.send({ type: 'gc-report', request });
    });
  } finally {
    child.removeAllListeners('exit');
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
