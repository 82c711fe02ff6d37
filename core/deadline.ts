import { ExitCode, OpsError } from './errors.js';

/**
 * Resolves as `work` does, or rejects with OpsError `E_TIMEOUT` (exit 69) after `ms`. The work
 * itself is not cancelled (a blocked NFS call cannot be): callers track it as hung.
 */
export function withDeadline<T>(
  work: Promise<T>,
  ms: number,
  what: string,
  hints: string[] = [],
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new OpsError(`${what} did not answer within ${formatSeconds(ms / 1000)}`, {
            code: 'E_TIMEOUT',
            exitCode: ExitCode.unavailable,
            hints,
          }),
        ),
      ms,
    );
    timer.unref?.();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

function formatSeconds(s: number): string {
  return s >= 1 ? `${Number(s.toFixed(1))}s` : `${Math.round(s * 1000)}ms`;
}
