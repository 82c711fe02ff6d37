/**
 * The NAS side of clean-logs, in a child process: synchronous calls (adapters/clean/fs-sync),
 * with a heartbeat so the parent can tell a hung mount from a slow one and kill this process (a
 * call stuck on a hung NFS/FUSE mount cannot be cancelled, but the process can be killed).
 */
import { readdirSync } from 'node:fs';
import { AuditWriteError, runCleanJob } from './clean-job.js';
import { removeSync, walkSync } from './fs-sync.js';
import type { ChildMessage, ChildRequest } from './protocol.js';

const BEAT_EVERY = 1000;
let ops = 0;

function send(message: ChildMessage): void {
  process.send?.(message);
}

function tick(): void {
  if (++ops % BEAT_EVERY === 0) send({ beat: true });
}

function handle(request: ChildRequest): ChildMessage {
  try {
    switch (request.op) {
      case 'list': {
        const names = readdirSync(request.dir, { withFileTypes: true }).map((d) => ({
          name: d.name,
          isDirectory: d.isDirectory(),
        }));
        return { id: request.id, ok: true, names };
      }
      case 'walk':
        return { id: request.id, ok: true, entries: walkSync(request.dir, new Set(request.skipTop), tick) };
      case 'remove': {
        const { items } = request;
        const result = removeSync(request.dir, items, tick);
        const removed = result.removed.map((i) => items[i]!.relPath);
        return { id: request.id, ok: true, removed, skipped: result.skipped, failures: result.failures };
      }
      case 'clean': {
        const summary = runCleanJob(request, tick, (lines) => send({ lines }));
        return { id: request.id, ok: true, summary };
      }
    }
  } catch (error) {
    const code =
      error instanceof AuditWriteError ? error.code : ((error as NodeJS.ErrnoException).code ?? 'EIO');
    return { id: request.id, ok: false, code, message: (error as Error).message };
  }
}

process.on('message', (request: ChildRequest) => send(handle(request)));
process.on('disconnect', () => process.exit(0));
