/** The NAS child pool and the bounded job runner of clean-logs. */
import { isOpsError } from '../../core/errors.js';
import type { CleanFs } from './fs-client.js';

/** An error as a report row carries it. */
export function describe(error: unknown): { code: string; message: string } {
  if (isOpsError(error)) return { code: error.code, message: error.message };
  return { code: 'E_UNEXPECTED', message: error instanceof Error ? error.message : String(error) };
}

/** Runs the jobs, at most `limit` at once; results in job order. */
export async function runBounded<T>(jobs: readonly (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

/**
 * NAS children reused across services (a fork per service costs more than listing a small
 * one). A child whose request failed may be dead or stuck on a hung mount: it is closed, never
 * reused.
 */
export class FsPool {
  private readonly idle: CleanFs[] = [];
  private readonly all = new Set<CleanFs>();

  constructor(private readonly deps: { startFs(): CleanFs }) {}

  async use<T>(work: (fs: CleanFs) => Promise<T>): Promise<T> {
    const fs = this.idle.pop() ?? this.start();
    try {
      const result = await work(fs);
      this.idle.push(fs);
      return result;
    } catch (error) {
      this.all.delete(fs);
      fs.close();
      throw error;
    }
  }

  closeAll(): void {
    for (const fs of this.all) fs.close();
    this.all.clear();
    this.idle.length = 0;
  }

  private start(): CleanFs {
    const fs = this.deps.startFs();
    this.all.add(fs);
    return fs;
  }
}
