/** The clean-logs audit log: one JSON line per deleted path, appended to a local file. */
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ExitCode, OpsError } from '../../core/errors.js';

/** One deleted path. */
export interface AuditRecord {
  readonly path: string;
  readonly size: number;
  /** ISO time the file was last modified. */
  readonly mtime: string;
  /** ISO time of the deletion. */
  readonly time: string;
  readonly namespace: string;
  readonly service: string;
}

/** Appends records to `file` (creating its folder); an empty path writes nothing. */
export async function appendAuditRecords(file: string, records: readonly AuditRecord[]): Promise<void> {
  if (file === '' || records.length === 0) return;
  const text = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
  try {
    await mkdir(dirname(file), { recursive: true });
    await appendFile(file, text, 'utf8');
  } catch (error) {
    throw new OpsError(`cannot write the clean-logs audit log ${file}`, {
      code: 'E_AUDIT_LOG',
      exitCode: ExitCode.failure,
      hints: ['set cleanLogs.auditLog (or OPSCTL_CLEAN_LOGS_AUDIT_LOG) to a writable file'],
      cause: error,
    });
  }
}
