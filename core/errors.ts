/**
 * The one error type of opsctl. Thrown everywhere, translated once at the edge (CLI main, HTTP
 * handlers) into text and an exit code or status.
 */

/** Exit codes, as in shared/DESIGN.md (sysexits where one fits). */
export const ExitCode = {
  ok: 0,
  failure: 1,
  usage: 2,
  unavailable: 69,
  tempFail: 75,
  config: 78,
  interrupted: 130,
} as const;
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

export interface OpsErrorOptions {
  /** Stable machine-readable code, `E_...`. Tests assert on this, never on message text. */
  code: string;
  /** @default ExitCode.failure */
  exitCode?: ExitCodeValue;
  /** What the user can try next; printed as "Try: ...". */
  hints?: readonly string[];
  /** The foreign error this one wraps; printed as "Caused by: ...". */
  cause?: unknown;
}

export class OpsError extends Error {
  readonly code: string;
  readonly exitCode: ExitCodeValue;
  readonly hints: readonly string[];

  constructor(message: string, options: OpsErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'OpsError';
    this.code = options.code;
    this.exitCode = options.exitCode ?? ExitCode.failure;
    this.hints = options.hints ?? [];
  }
}

/** True for an OpsError, also across module copies (checks the shape, not the prototype). */
export function isOpsError(value: unknown): value is OpsError {
  return (
    value instanceof OpsError ||
    (value instanceof Error &&
      typeof (value as Partial<OpsError>).code === 'string' &&
      typeof (value as Partial<OpsError>).exitCode === 'number' &&
      Array.isArray((value as Partial<OpsError>).hints))
  );
}

/** The message of anything thrown, for "Caused by:" lines. */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const errno = (cause as NodeJS.ErrnoException).code;
    return errno && !cause.message.includes(errno) ? `${errno}: ${cause.message}` : cause.message;
  }
  return String(cause);
}

/**
 * Renders an error for a terminal: `Error: ...`, then `Try: ...` per hint and `Caused by: ...`
 * down the cause chain. With `debug`, stack traces follow.
 */
export function renderError(error: unknown, debug = false): string {
  const lines: string[] = [];
  if (isOpsError(error)) {
    lines.push(`Error: ${error.message}`);
    for (const hint of error.hints) lines.push(`Try: ${hint}`);
  } else {
    lines.push(`Error: ${describeCause(error)}`);
  }
  let cause = error instanceof Error ? error.cause : undefined;
  for (let depth = 0; cause !== undefined && depth < 5; depth++) {
    lines.push(`Caused by: ${describeCause(cause)}`);
    cause = cause instanceof Error ? cause.cause : undefined;
  }
  if (debug && error instanceof Error && error.stack) lines.push('', error.stack);
  return lines.join('\n');
}

/** Exit code for anything thrown: an OpsError's own, else 1. */
export function exitCodeOf(error: unknown): ExitCodeValue {
  return isOpsError(error) ? error.exitCode : ExitCode.failure;
}
