/**
 * One service cleaned end to end inside the NAS child: list, plan, delete, audit. The listing
 * and the plan live and die here, so the parent only ever holds per-service counts, and the
 * audit records go to the file in batches instead of one string of every path.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { planCleanup } from '../../core/clean/plan.js';
import { countKept, formatBytes } from '../../core/clean/report.js';
import type { CleanupPlan } from '../../core/clean/types.js';
import { compileNasLayout } from '../../core/nas/layout.js';
import { removeSync, walkSync } from './fs-sync.js';
import type { CleanJob, CleanSummary } from './protocol.js';

/** Audit lines written per append. */
const AUDIT_BATCH = 4096;
/** Dry-run lines sent per message. */
const LINE_BATCH = 2048;

/** Thrown when the audit log cannot be written; the child reports it with this code. */
export class AuditWriteError extends Error {
  readonly code = 'E_AUDIT_LOG';
}

/** Runs a job; `emit` sends dry-run lines to the parent. */
export function runCleanJob(job: CleanJob, tick: () => void, emit: (lines: string[]) => void): CleanSummary {
  const listing = walkSync(job.dir, new Set(job.skipTop), tick);
  const plan = planCleanup(listing, new Set(job.livePods), job.plan, compileNasLayout(job.layout));
  listing.length = 0;
  const kept = countKept(plan);
  if (job.emitLines) emitPlan(job.dir, plan, emit);
  if (!job.apply) {
    let bytes = 0;
    for (const e of plan.deletions) if (!e.isDirectory) bytes += e.size;
    return { deletedFiles: plan.deletions.length, deletedBytes: bytes, kept, failed: 0 };
  }
  const result = removeSync(job.dir, plan.deletions, tick);
  const deletedBytes = writeAudit(job, plan, result.removed);
  return { deletedFiles: result.removed.length, deletedBytes, kept, failed: result.failures.length };
}

function emitPlan(dir: string, plan: CleanupPlan, emit: (lines: string[]) => void): void {
  let batch: string[] = [];
  for (const e of plan.deletions) {
    batch.push(`delete ${dir}/${e.relPath} (${e.reason}, ${formatBytes(e.size)})`);
    if (batch.length >= LINE_BATCH) {
      emit(batch);
      batch = [];
    }
  }
  if (batch.length > 0) emit(batch);
}

/** Appends one JSON line per removed entry; returns the bytes of the removed files. */
function writeAudit(job: CleanJob, plan: CleanupPlan, removed: readonly number[]): number {
  const { file, namespace, service } = job.audit;
  const time = new Date().toISOString();
  const tail = `"time":"${time}","namespace":${JSON.stringify(namespace)},"service":${JSON.stringify(service)}}`;
  let bytes = 0;
  let text = '';
  let lines = 0;
  const flush = (): void => {
    if (file === '' || lines === 0) return;
    try {
      mkdirSync(dirname(file), { recursive: true });
      appendFileSync(file, text, 'utf8');
    } catch (error) {
      throw new AuditWriteError(`cannot write the clean-logs audit log ${file}`, { cause: error });
    }
    text = '';
    lines = 0;
  };
  for (const i of removed) {
    const e = plan.deletions[i]!;
    if (!e.isDirectory) bytes += e.size;
    if (file === '') continue;
    const path = JSON.stringify(`${job.dir}/${e.relPath}`);
    const mtime = new Date(e.mtimeMs).toISOString();
    // The same line as JSON.stringify of the record (same key order), without an object per file.
    text += `{"path":${path},"size":${e.size},"mtime":"${mtime}",${tail}\n`;
    if (++lines >= AUDIT_BATCH) flush();
  }
  flush();
  return bytes;
}
