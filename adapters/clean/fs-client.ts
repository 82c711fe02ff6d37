/**
 * The parent side of the clean-logs NAS child: one child per service folder, each request under
 * a deadline that every heartbeat renews. A child that stays silent past the deadline is on a
 * hung mount: it is killed and the request fails with `E_NAS_HUNG`, so that service aborts and
 * the others go on.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ExitCode, OpsError } from '../../core/errors.js';
import type {
  ChildMessage,
  ChildRequest,
  CleanJob,
  CleanSummary,
  RemoveFailure,
  RemoveItem,
  WalkEntry,
} from './protocol.js';

/** Distributes the union of ChildRequest variants over Omit so `id` is left out of each. */
type RequestBody = ChildRequest extends infer R ? (R extends ChildRequest ? Omit<R, 'id'> : never) : never;

/** What a removal did. */
export interface RemoveResult {
  readonly removed: readonly string[];
  /** Entries gone already, and folders that gained an entry since the listing (left in place). */
  readonly skipped: readonly string[];
  readonly failures: readonly RemoveFailure[];
}

/** NAS calls for one service folder, in a killable child process. */
export interface CleanFs {
  /** Names in a folder (folders flagged), links not followed. */
  list(dir: string): Promise<{ name: string; isDirectory: boolean }[]>;
  /** Every entry under `dir`, not descending into links or into the `skipTop` folders. */
  walk(dir: string, skipTop: readonly string[]): Promise<WalkEntry[]>;
  /** Removes the items in order (files by unlink, folders by rmdir). */
  remove(dir: string, items: readonly RemoveItem[]): Promise<RemoveResult>;
  /**
   * Lists, plans and (when `job.apply`) deletes one service in the child; only counts come
   * back. `onLines` receives the dry-run lines when `job.emitLines`.
   */
  clean(job: CleanJob, onLines?: (lines: readonly string[]) => void): Promise<CleanSummary>;
  /** Ends the child. */
  close(): void;
}

/** Starts a child; `timeoutMs` is the longest silence allowed during a request. */
export function startCleanFs(timeoutMs: number): CleanFs {
  const child = forkChild();
  let nextId = 1;
  let onLines: ((lines: readonly string[]) => void) | undefined;
  let pending:
    { id: number; what: string; resolve: (m: ChildMessage) => void; reject: (e: Error) => void } | undefined;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const failed = pending;
      pending = undefined;
      child.kill('SIGKILL');
      failed?.reject(hungError(failed.what, timeoutMs));
    }, timeoutMs);
  };
  child.on('message', (message: ChildMessage) => {
    if ('beat' in message) return arm();
    if ('lines' in message) {
      if (pending !== undefined) onLines?.(message.lines);
      return arm();
    }
    if (pending === undefined || message.id !== pending.id) return;
    clearTimeout(timer);
    const done = pending;
    pending = undefined;
    done.resolve(message);
  });
  child.on('exit', (code, signal) => {
    clearTimeout(timer);
    const failed = pending;
    pending = undefined;
    failed?.reject(
      new OpsError(`NAS helper exited (${signal ?? code}) during ${failed.what}`, {
        code: 'E_NAS_HELPER',
        exitCode: ExitCode.failure,
      }),
    );
  });
  const request = (body: RequestBody, what: string): Promise<ChildMessage> =>
    new Promise((resolve, reject) => {
      if (pending !== undefined) throw new Error('one request at a time');
      const id = nextId++;
      pending = { id, what, resolve, reject };
      arm();
      child.send({ ...body, id });
    });
  const answer = async <K extends string>(body: RequestBody, what: string, key: K) => {
    const message = await request(body, what);
    if ('ok' in message && !message.ok) throw nasError(what, message.code, message.message);
    if (!(key in message)) throw new Error(`unexpected answer to ${what}`);
    return message as Extract<ChildMessage, Record<K, unknown>>;
  };
  return {
    list: async (dir) => [...(await answer({ op: 'list', dir }, `readdir ${dir}`, 'names')).names],
    walk: async (dir, skipTop) => [
      ...(await answer({ op: 'walk', dir, skipTop }, `listing ${dir}`, 'entries')).entries,
    ],
    remove: async (dir, items) => {
      const { removed, skipped, failures } = await answer(
        { op: 'remove', dir, items },
        `deleting in ${dir}`,
        'removed',
      );
      return { removed, skipped, failures };
    },
    clean: async (job, linesTo) => {
      onLines = linesTo;
      try {
        return (await answer({ op: 'clean', ...job }, `cleaning ${job.dir}`, 'summary')).summary;
      } finally {
        onLines = undefined;
      }
    },
    close: () => {
      clearTimeout(timer);
      if (child.connected) child.disconnect();
      child.kill('SIGKILL');
    },
  };
}

function forkChild(): ChildProcess {
  const self = fileURLToPath(import.meta.url);
  const fromSource = self.endsWith('.ts');
  const entry = fileURLToPath(new URL(`./fs-child.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  const child = fork(entry, [], {
    // A small young generation: the child makes short-lived garbage per file, and the default
    // semi-spaces would add tens of MB to each child's RSS for no speed gain.
    execArgv: [...(fromSource ? ['--import', 'tsx'] : []), '--max-semi-space-size=2'],
    serialization: 'advanced',
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  child.unref();
  return child;
}

function hungError(what: string, timeoutMs: number): OpsError {
  return new OpsError(`NAS hung: no progress for ${timeoutMs / 1000}s during ${what}`, {
    code: 'E_NAS_HUNG',
    exitCode: ExitCode.unavailable,
    hints: ['opsctl nas check', 'the other services were still cleaned; rerun once the mount answers'],
  });
}

function nasError(what: string, code: string, message: string): OpsError {
  if (code === 'E_AUDIT_LOG')
    return new OpsError(message, {
      code,
      exitCode: ExitCode.failure,
      hints: ['set cleanLogs.auditLog (or OPSCTL_CLEAN_LOGS_AUDIT_LOG) to a writable file'],
    });
  return new OpsError(`NAS ${what} failed: ${code}`, {
    code: code === 'ENOENT' ? 'E_NAS_NOT_FOUND' : 'E_NAS_IO',
    exitCode: code === 'ENOENT' ? ExitCode.failure : ExitCode.unavailable,
    cause: new Error(message),
  });
}
