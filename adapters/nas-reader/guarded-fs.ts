import { open, readdir, stat } from 'node:fs/promises';
import type { Dirent, Stats } from 'node:fs';
import { withDeadline } from '../../core/deadline.js';

/**
 * File system calls for NAS paths, each with a deadline. A call on a hung NFS/FUSE mount never
 * returns (and cannot be cancelled): it keeps one libuv thread, so it is tracked as in flight and
 * reported as hung, and callers skip paths that already have a call pending.
 */
export class GuardedFs {
  private readonly inFlight = new Map<number, { path: string; since: number }>();
  private nextId = 0;

  constructor(
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Calls still pending after the deadline. */
  hungCount(): number {
    const limit = this.now() - this.timeoutMs;
    let n = 0;
    for (const op of this.inFlight.values()) if (op.since <= limit) n++;
    return n;
  }

  /** True while an earlier call on this path (or below it) has not returned. */
  busy(path: string): boolean {
    for (const op of this.inFlight.values())
      if (op.path === path || op.path.startsWith(path + '/')) return true;
    return false;
  }

  readdir(path: string): Promise<Dirent[]> {
    return this.guard(path, 'readdir', () => readdir(path, { withFileTypes: true }));
  }

  stat(path: string): Promise<Stats> {
    return this.guard(path, 'stat', () => stat(path));
  }

  /** Reads up to `length` bytes at `position`; fewer at end of file. */
  readAt(path: string, position: number, length: number): Promise<Buffer> {
    return this.guard(path, 'read', async () => {
      const handle = await open(path, 'r');
      try {
        const buffer = Buffer.allocUnsafe(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    });
  }

  /** Runs any NAS work on `path` under the same deadline and hung tracking. */
  guard<T>(path: string, op: string, work: () => Promise<T>): Promise<T> {
    const id = this.nextId++;
    this.inFlight.set(id, { path, since: this.now() });
    const running = work().finally(() => this.inFlight.delete(id));
    return withDeadline(running, this.timeoutMs, `${op} ${path}`, [
      'the NAS may be hung or overloaded: opsctl nas check',
    ]);
  }
}
