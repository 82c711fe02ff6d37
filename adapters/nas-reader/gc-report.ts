import { join } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { ExitCode, OpsError } from '../../core/errors.js';
import { detectGcLogFormat } from '../../core/gclog/detect.js';
import { createGcLogParser } from '../../core/gclog/parser.js';
import { buildGcReport, type GcReport } from '../../core/gclog/report.js';
import { createGcRunAccumulator } from '../../core/gclog/report-accumulator.js';
import type { GcHeapDump, GcRunSummary } from '../../core/gclog/report-types.js';
import { classifyNasEntry } from '../../core/nas/classify.js';
import type { NasEntry } from '../../core/nas/entry.js';
import { jvmStartToEpochMs } from '../../core/nas/jvm-start.js';
import { compileNasLayout } from '../../core/nas/layout.js';
import { inspectHeapDump } from '../heapdump/inspect.js';
import type { GuardedFs } from './guarded-fs.js';
import type { GcReportRequest } from './protocol.js';

const CHUNK = 4 * 1024 * 1024;

/** Reads every GC log and heap dump of one service folder and builds the `opsctl gc` report. */
export async function loadServiceGcReport(
  fs: GuardedFs,
  request: GcReportRequest,
  now: number,
): Promise<GcReport> {
  const dir = join(request.nasRoot, request.namespace, request.service);
  const entries = await listServiceDir(fs, dir, request);
  const wanted = (e: NasEntry) => request.pod === undefined || e.pod === request.pod;
  const chains = new Map<string, NasEntry[]>();
  for (const entry of entries.filter(wanted)) {
    if (entry.kind !== 'gc_log' && entry.kind !== 'gc_log_archive') continue;
    const key = entry.chainKey ?? entry.relPath;
    const chain = chains.get(key);
    if (chain) chain.push(entry);
    else chains.set(key, [entry]);
  }
  const runs: GcRunSummary[] = [];
  for (const chain of chains.values()) {
    const run = await summariseChain(fs, dir, chain, request.timeZone);
    if (run) runs.push(run);
  }
  const dumps: GcHeapDump[] = [];
  for (const entry of entries.filter((e) => e.kind === 'heap_dump' && wanted(e))) {
    const path = join(dir, entry.relPath);
    const seen = await fs.guard(path, 'inspect', () => inspectHeapDump(path, { settleMs: 500 }));
    dumps.push({
      ...(entry.pod !== undefined ? { pod: entry.pod } : {}),
      file: entry.relPath,
      sizeBytes: seen.sizeBytes,
      mtimeMs: seen.mtimeMs,
      format: seen.format,
      complete: seen.complete,
    });
  }
  if (request.pod !== undefined && runs.length === 0 && dumps.length === 0) {
    const pods = [...new Set(entries.map((e) => e.pod).filter((p): p is string => p !== undefined))].sort();
    throw new OpsError(`no GC logs or heap dumps of pod "${request.pod}" in ${dir}`, {
      code: 'E_POD_NOT_FOUND',
      exitCode: ExitCode.failure,
      hints: pods.length > 0 ? [`pods with files there: ${pods.slice(0, 10).join(', ')}`] : [`ls ${dir}`],
    });
  }
  return buildGcReport({
    namespace: request.namespace,
    service: request.service,
    runs,
    dumps,
    generatedAtMs: now,
  });
}

async function listServiceDir(fs: GuardedFs, dir: string, request: GcReportRequest): Promise<NasEntry[]> {
  try {
    const dirents = await fs.readdir(dir);
    const layout = compileNasLayout(request.layout);
    return dirents
      .filter((d) => !d.isSymbolicLink())
      .map((d) => classifyNasEntry(d.name, d.isDirectory(), layout));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new OpsError(
        `no folder for service "${request.service}" in namespace "${request.namespace}": ${dir}`,
        {
          code: 'E_SERVICE_NOT_FOUND',
          exitCode: ExitCode.failure,
          hints: [
            `ls ${join(request.nasRoot, request.namespace)}`,
            'check --nas-root (nas.root): opsctl config show',
          ],
          cause: error,
        },
      );
    }
    throw error;
  }
}

/** Feeds a chain's files oldest first (rotation is cyclic: modification time orders it). */
async function summariseChain(
  fs: GuardedFs,
  dir: string,
  chain: NasEntry[],
  timeZone: string,
): Promise<GcRunSummary | undefined> {
  const files = await Promise.all(
    chain.map(async (entry) => ({
      entry,
      path: join(dir, entry.relPath),
      st: await fs.stat(join(dir, entry.relPath)),
    })),
  );
  files.sort((a, b) => a.st.mtimeMs - b.st.mtimeMs);
  const first = files.find((f) => f.st.size > 0);
  if (!first) return undefined;
  const head = await fs.readAt(first.path, 0, Math.min(first.st.size, 16 * 1024));
  const format = detectGcLogFormat(head.toString('utf8'));
  if (!format) return undefined;
  const start = chain.find((e) => e.jvmStart)?.jvmStart;
  const parser = createGcLogParser(format);
  const acc = createGcRunAccumulator({
    pod: chain[0]?.pod ?? 'unknown',
    format,
    files: files.map((f) => f.entry.relPath),
    ...(start ? { jvmStartEpochMs: jvmStartToEpochMs(start, timeZone) } : {}),
  });
  for (const { path, st } of files) {
    const decoder = new StringDecoder('utf8');
    let partial = '';
    for (let offset = 0; offset < st.size;) {
      const bytes = await fs.readAt(path, offset, Math.min(CHUNK, st.size - offset));
      if (bytes.length === 0) break;
      offset += bytes.length;
      const lines = (partial + decoder.write(bytes)).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) for (const event of parser.push(line.replace(/\r$/, ''))) acc.add(event);
    }
    const rest = partial + decoder.end();
    if (rest) for (const event of parser.push(rest)) acc.add(event);
  }
  for (const event of parser.end()) acc.add(event);
  acc.addParseErrors(parser.stats.parseErrors);
  return acc.summary();
}
