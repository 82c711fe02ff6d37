/**
 * The NAS reader process. Every NAS call of the exporter and of `opsctl gc` happens here, so a
 * hung mount can stall this process but never the exporter's HTTP server. It scans on an
 * interval and sends the rendered metrics of each cycle to the parent.
 */
import { Counter, Gauge, Registry } from 'prom-client';
import { isOpsError } from '../../core/errors.js';
import { GcMetricNames as N } from '../../core/gclog/metric-spec.js';
import { GcLogMetrics } from '../gclog/metrics.js';
import { DumpTracker } from './dump-tracker.js';
import { loadServiceGcReport } from './gc-report.js';
import { GcLogTailer } from './gclog-tailer.js';
import { GuardedFs } from './guarded-fs.js';
import type { ChildMessage, ParentMessage, ReaderOptions } from './protocol.js';
import { scanNas } from './scan.js';
import { registerUsageMetrics } from './usage-metrics.js';
import { NasUsageScanner } from './usage-scanner.js';

/** Live pods by namespace from the parent; undefined until it knows them. */
let livePods: Map<string, ReadonlySet<string>> | undefined;

function send(message: ChildMessage): void {
  process.send?.(message);
}

function warn(message: string, fields: Record<string, unknown>): void {
  send({ type: 'log', level: 'warn', message, fields });
}

function startLoop(options: ReaderOptions): void {
  const registry = new Registry();
  const fs = new GuardedFs(options.readTimeoutMs);
  const metrics = new GcLogMetrics(registry);
  const tracked = new Gauge({ name: N.filesTracked, help: 'GC log files followed.', registers: [registry] });
  const bytes = new Counter({
    name: N.bytesRead,
    help: 'GC log bytes read from the NAS.',
    registers: [registry],
  });
  const tailer = new GcLogTailer({
    fs,
    metrics,
    now: Date.now,
    historyBytes: options.historyBytes,
    ttlMs: options.ttlMs,
    onWarn: warn,
  });
  const dumps = new DumpTracker(registry, fs);
  const usageFs = options.usage ? startUsageScan(registry, options.readTimeoutMs, options.usage) : undefined;
  let initial = true;

  const cycle = async (): Promise<void> => {
    const startedMs = Date.now();
    const scan = await scanNas(fs, options);
    for (const { path, error } of scan.errors.slice(0, 5))
      warn('cannot list NAS folder', { path, error: String(error) });
    const poll = await tailer.poll(scan.gcFiles, options.maxBytesPerCycle, initial, scan.listed);
    const dumpErrors = await dumps.update(scan.dumps, initial, scan.listed);
    tracked.set(tailer.filesTracked());
    bytes.inc(poll.bytesRead);
    send({
      type: 'snapshot',
      text: await registry.metrics(),
      cycle: {
        startedMs,
        durationMs: Date.now() - startedMs,
        initial,
        services: scan.services,
        filesTracked: tailer.filesTracked(),
        bytesRead: poll.bytesRead,
        hungCalls: fs.hungCount() + (usageFs?.hungCount() ?? 0),
        errors: scan.errors.length + poll.errors + dumpErrors,
      },
    });
    initial = false;
    // A backlog (budget used up) is worked off at once rather than one budget per interval.
    const delay = poll.bytesRead >= options.maxBytesPerCycle ? 50 : options.scanIntervalMs;
    setTimeout(() => void cycle().catch(onCycleError), delay);
  };
  const onCycleError = (error: unknown): void => {
    send({ type: 'log', level: 'error', message: 'nas scan cycle failed', fields: { error: String(error) } });
    setTimeout(() => void cycle().catch(onCycleError), options.scanIntervalMs);
  };
  void cycle().catch(onCycleError);
}

/**
 * The usage scan runs beside the GC log cycle, one budgeted slice per interval, with its own
 * guarded calls: a folder busy in the scan never makes the GC log scan skip that folder.
 */
function startUsageScan(
  registry: Registry,
  readTimeoutMs: number,
  options: NonNullable<ReaderOptions['usage']>,
): GuardedFs {
  const fs = new GuardedFs(readTimeoutMs);
  const scanner = new NasUsageScanner(fs, options, (namespace) => livePods?.get(namespace));
  registerUsageMetrics(registry, scanner);
  const slice = async (): Promise<void> => {
    try {
      await scanner.slice();
    } catch (error) {
      warn('nas usage scan slice failed', { error: String(error) });
    }
    setTimeout(() => void slice(), options.sliceMs);
  };
  void slice();
  return fs;
}

async function runGcReport(message: Extract<ParentMessage, { type: 'gc-report' }>): Promise<void> {
  const fs = new GuardedFs(message.request.readTimeoutMs);
  try {
    const report = await loadServiceGcReport(fs, message.request, Date.now());
    send({ type: 'gc-report', report });
  } catch (error) {
    send({
      type: 'error',
      error: isOpsError(error)
        ? { message: error.message, code: error.code, exitCode: error.exitCode, hints: [...error.hints] }
        : {
            message: String(error instanceof Error ? error.message : error),
            code: 'E_NAS_READ',
            exitCode: 1,
            hints: [],
          },
    });
  }
}

process.on('message', (message: ParentMessage) => {
  switch (message.type) {
    case 'start':
      startLoop(message.options);
      return;
    case 'gc-report':
      void runGcReport(message);
      return;
    case 'live-pods':
      livePods =
        message.pods === null
          ? undefined
          : new Map(Object.entries(message.pods).map(([ns, pods]) => [ns, new Set(pods)]));
      return;
    case 'stop':
      process.exit(0);
  }
});
// The parent is gone (crashed or killed): nothing left to report to.
process.on('disconnect', () => process.exit(0));
