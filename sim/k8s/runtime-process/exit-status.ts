/**
 * The status a stream session ends with on channel 3, as the kubelet's remotecommand server
 * writes it (a marshalled metav1.Status without kind/apiVersion): Success, Failure with reason
 * NonZeroExitCode and an ExitCode cause (containerd's "error executing command" text), or an
 * InternalError when the command could not start.
 */
import { randomBytes } from 'node:crypto';

/** A metav1.Status as sent on the error channel. */
export interface StreamStatus {
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: { causes: { reason: string; message: string }[] };
  code?: number;
}

/** The command finished with status 0 (attach always ends like this). */
export function successStatus(): StreamStatus {
  return { metadata: {}, status: 'Success' };
}

/** Go's `%v` of a string slice: `[sh -c exit 3]`. */
function goList(argv: string[]): string {
  return `[${argv.join(' ')}]`;
}

/** The command exited with a non-zero status. */
export function nonZeroExitStatus(argv: string[], code: number): StreamStatus {
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command ${goList(argv)}, exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** The command could not be started (`why` is runc's sentence, e.g. executable not found). */
export function startFailureStatus(why: string): StreamStatus {
  const execId = randomBytes(32).toString('hex');
  const cause = `error executing command in container: failed to exec in container: failed to start exec "${execId}": OCI runtime exec failed: exec failed: unable to start container process: ${why}: unknown`;
  return {
    metadata: {},
    status: 'Failure',
    message: `Internal error occurred: ${cause}`,
    reason: 'InternalError',
    details: { causes: [{ reason: '', message: cause }] },
    code: 500,
  };
}

/** The status for an exit code. */
export function exitStatus(argv: string[], code: number): StreamStatus {
  return code === 0 ? successStatus() : nonZeroExitStatus(argv, code);
}
