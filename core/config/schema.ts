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
        /** Mount health probes and the usage scan (docs/nas-health.md). */
        health: z
          .object({
            /** Seconds between two probe rounds of one mount. */
            intervalSeconds: positiveSeconds,
            /** Deadline of one probe operation; a probe still running after it counts as hung. */
            timeoutSeconds: positiveSeconds,
            /** An operation slower than this makes the verdict SLOW. */
            slowSeconds: positiveSeconds,
            /** Also create, fsync, rename and remove `.opsctl-probe-<host>` in each watched folder. */
            writeProbe: z.boolean(),
            /** FULL when free space or free inodes fall below this share. */
            minFreePercent: z.number().min(0).max(100),
            /** Mount types watched when found in /proc/self/mountinfo; `*` matches anything. */
            fstypes: z.array(z.string().min(1)),
            /** Mount points never watched (regular expressions). */
            excludeMountpoints: z.array(
              z.string().refine(isRegExp, { message: 'expected a regular expression' }),
            ),
            /** Folders watched whether or not they are mounts (a NAS of another type, the demo folder). */
            paths: z.array(z.string().min(1)),
            /** Watch nas.root too. */
            watchRoot: z.boolean(),
            /** A configured folder (or nas.root) that is neither a mount point nor on a watched mount is down. */
            requireMount: z.boolean(),
            /** The usage scan walks the NAS in slices: one slice this often. */
            usageSliceSeconds: positiveSeconds,
            /** Wall time one slice may take. */
            usageSliceBudgetMs: z.number().int().positive(),
            /** NAS calls (directory reads, file stats) one slice may make. */
            usageSliceMaxCalls: z.number().int().positive(),
            /** A new full pass starts at most this often (seconds between the starts of two passes). */
            usageRescanSeconds: z.number().min(0),
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
    health: {
      intervalSeconds: 15,
      timeoutSeconds: 5,
      slowSeconds: 1,
      writeProbe: false,
      minFreePercent: 5,
      fstypes: ['nfs', 'nfs4', 'cifs', 'smb3', 'fuse', 'fuse.*'],
      excludeMountpoints: ['^/(proc|sys|dev|run)(/|$)'],
      paths: [],
      watchRoot: true,
      requireMount: false,
      usageSliceSeconds: 1,
      usageSliceBudgetMs: 250,
      usageSliceMaxCalls: 20000,
      usageRescanSeconds: 300,
    },
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

function isRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

function isIanaTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
