import { z } from 'zod';
import { defaultNasLayout } from '../nas/layout.js';

/**
 * The one configuration schema of opsctl. Every setting has a default here, can be set in the
 * config file, overridden by an `OPSCTL_*` environment variable (path in upper snake case:
 * `exporter.scanIntervalSeconds` -> `OPSCTL_EXPORTER_SCAN_INTERVAL_SECONDS`) and by a flag.
 */

const port = z.number().int().min(0).max(65535);
const positiveSeconds = z.number().positive();
const ianaZone = z.string().refine(isIanaTimeZone, { message: 'expected an IANA time zone such as "UTC"' });

export const configSchema = z
  .object({
    log: z
      .object({
        level: z.enum(['error', 'warn', 'info', 'debug']),
        /** `auto`: JSON for services, text for the CLI. */
        format: z.enum(['auto', 'json', 'text']),
      })
      .strict(),
    nas: z
      .object({
        /** Where the NAS is mounted: service files live under `<root>/<namespace>/<service>/`. */
        root: z.string().min(1),
        /** Namespaces to look at under the root; empty means every folder there. */
        namespaces: z.array(z.string().min(1)),
        /** Zone of the `%t` JVM start time in file names (the JVM writes its local time). */
        timeZone: ianaZone,
        /** Deadline for one NAS read; a read still pending after it counts as hung. */
        readTimeoutSeconds: positiveSeconds,
        /** File naming in each service folder (see core/nas/layout.ts; placeholders {pod} {start} {n} {any}). */
        layout: z
          .object({
            gcLogs: z.array(z.string()),
            heapDumps: z.array(z.string()),
            heapDumpAux: z.array(z.string()),
            appLogs: z.array(z.string()),
            config: z.array(z.string()),
            logsDir: z.string(),
            logArchiveDirs: z.array(z.string()),
            tmpDir: z.string(),
            toolsDir: z.string(),
          })
          .strict(),
      })
      .strict(),
    exporter: z
      .object({
        host: z.string().min(1),
        port,
        /** How often the NAS reader looks for new GC log lines and heap dumps. */
        scanIntervalSeconds: positiveSeconds,
        /** Series of pods whose files stopped changing are dropped after this. */
        seriesTtlSeconds: positiveSeconds,
        /** On start, how much of each existing GC log's end is read (newer files are read whole). */
        historyBytes: z.number().int().min(0),
        /** Upper bound of GC log bytes read in one scan cycle, so a backlog is spread over cycles. */
        maxBytesPerCycle: z.number().int().positive(),
        /** The NAS reader process is restarted when it has not reported for this long. */
        readerStallSeconds: positiveSeconds,
      })
      .strict(),
    alertRouter: z
      .object({
        host: z.string().min(1),
        port,
        /** SQLite database, outbox and send ledger live here; it must survive restarts. */
        dataDir: z.string().min(1),
        /** YAML with routes, receivers, channels and on-call rotations; empty: every alert to the log inbox. */
        routesFile: z.string(),
        /** Zone for quiet hours, rotations and times shown in messages. */
        timeZone: ianaZone,
        /** Larger intake bodies are answered 413. */
        maxBodyBytes: z.number().int().positive(),
        /** Bearer token senders must present; empty: no bearer auth. */
        authToken: z.string(),
        /** Basic auth user (with basicAuthPassword); empty: no basic auth. */
        basicAuthUsername: z.string(),
        basicAuthPassword: z.string(),
        /** Deadline of one provider call. */
        deliveryTimeoutSeconds: positiveSeconds,
        /** Events and their audit trail older than this are deleted. */
        retentionDays: z.number().positive(),
      })
      .strict(),
  })
  .strict();

export type OpsConfig = z.infer<typeof configSchema>;

export const defaultConfig: OpsConfig = {
  log: { level: 'info', format: 'auto' },
  nas: {
    root: '/mnt',
    namespaces: [],
    timeZone: 'UTC',
    readTimeoutSeconds: 10,
    layout: structuredClone(defaultNasLayout) as OpsConfig['nas']['layout'],
  },
  exporter: {
    host: '0.0.0.0',
    port: 9779,
    scanIntervalSeconds: 15,
    seriesTtlSeconds: 3600,
    historyBytes: 1024 * 1024,
    maxBytesPerCycle: 256 * 1024 * 1024,
    readerStallSeconds: 120,
  },
  alertRouter: {
    host: '0.0.0.0',
    port: 9780,
    dataDir: '/var/lib/opsctl/alert-router',
    routesFile: '',
    timeZone: 'Asia/Shanghai',
    maxBodyBytes: 4 * 1024 * 1024,
    authToken: '',
    basicAuthUsername: '',
    basicAuthPassword: '',
    deliveryTimeoutSeconds: 10,
    retentionDays: 14,
  },
};

/** Paths whose values are secrets: never printed or logged. */
export const SECRET_KEY = /(password|secret|token|accesskey|apikey|privatekey)$/i;

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
