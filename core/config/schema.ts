import { z } from 'zod';
import { parseCidr } from '../drift/ip.js';
import { defaultDriftSettings } from '../drift/settings.js';
import { defaultNasLayout } from '../nas/layout.js';

/**
 * The one configuration schema of opsctl. Every setting has a default here, can be set in the
 * config file, overridden by an `OPSCTL_*` environment variable (path in upper snake case:
 * `exporter.scanIntervalSeconds` -> `OPSCTL_EXPORTER_SCAN_INTERVAL_SECONDS`) and by a flag.
 */

const port = z.number().int().min(0).max(65535);
const positiveSeconds = z.number().positive();
const ianaZone = z.string().refine(isIanaTimeZone, { message: 'expected an IANA time zone such as "UTC"' });
const cidr = z.string().refine((v) => parseCidr(v) !== undefined, {
  message: 'expected an address or CIDR such as 10.244.0.0/16',
});
const graceSeconds = z.number().min(0);

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
    /** The Nacos registry the exporter and `opsctl drift` compare with Kubernetes (docs/drift.md). */
    nacos: z
      .object({
        /** Server list in NACOS_URL style (`nacos-0:8848,nacos-1:8848`); empty: no registry drift. */
        serverAddr: z.string(),
        username: z.string(),
        /** Secret: set OPSCTL_NACOS_PASSWORD or passwordFile (a mounted Secret), not the config file. */
        password: z.string(),
        /** File holding the password; read at start. */
        passwordFile: z.string(),
        /** Namespace ids to read (`public` for the default one); empty: every namespace. */
        namespaces: z.array(z.string()),
        /** Seconds between two registry reads. */
        pollIntervalSeconds: positiveSeconds,
        /** Deadline of one HTTP request to Nacos. */
        timeoutSeconds: positiveSeconds,
        /** Requests in flight at once during a read. */
        concurrency: z.number().int().positive(),
      })
      .strict(),
    /** The cluster whose pods are watched for registry drift. */
    kubernetes: z
      .object({
        /** Kubeconfig file; empty: as kubectl (KUBECONFIG, ~/.kube/config, in-cluster). */
        kubeconfig: z.string(),
        /** Context; empty: the current one. */
        context: z.string(),
        /** Namespaces whose pods are watched; empty: all namespaces. */
        namespaces: z.array(z.string().min(1)),
        /** Only pods matching this label selector; empty: every pod. */
        labelSelector: z.string(),
      })
      .strict(),
    /** Registry drift between Nacos and Kubernetes (reference/nacos.md section 5, docs/drift.md). */
    drift: z
      .object({
        /** Seconds each kind of drift must last before it is reported. */
        graceSeconds: z
          .object({
            stale: graceSeconds,
            foreign_ip: graceSeconds,
            healthy_not_ready: graceSeconds,
            ready_unhealthy: graceSeconds,
            ready_missing: graceSeconds,
            ready_disabled: graceSeconds,
            ip_reused: graceSeconds,
            duplicate: graceSeconds,
          })
          .strict(),
        /** How the Nacos service a pod should be registered in is found. */
        expectation: z
          .object({
            serviceAnnotation: z.string().min(1),
            groupAnnotation: z.string().min(1),
            namespaceAnnotation: z.string().min(1),
            /** `false` on a pod: it does not register. */
            registerAnnotation: z.string().min(1),
            /** Service names built from labels (`{app.kubernetes.io/name}`), tried in order. */
            labelTemplates: z.array(z.string().min(1)),
            defaultGroup: z.string().min(1),
            /** Kubernetes namespace -> Nacos namespace id. */
            namespaceMap: z.record(z.string(), z.string()),
            /** Expect a pod where the other pods of its workload are registered. */
            inferFromWorkload: z.boolean(),
          })
          .strict(),
        /** Pod/service CIDRs of the cluster; empty: the /24 blocks holding pods and nodes. */
        clusterCidrs: z.array(cidr),
        /** Addresses registered on purpose from outside the cluster: never compared. */
        ignoreCidrs: z.array(cidr),
        /** Export opsctl_drift_instance_info, one series per drifting instance (cardinality). */
        instanceInfo: z.boolean(),
        /** Drift is recomputed at least this often (and on every pod change). */
        recomputeSeconds: positiveSeconds,
        /** A source whose last good data is older than this is down (no drift is published). */
        sourceStaleSeconds: positiveSeconds,
      })
      .strict(),
    /** `opsctl clean-logs` (docs/clean-logs.md). */
    cleanLogs: z
      .object({
        /** Namespaces cleaned when none is named on the command line; empty: nas.namespaces. */
        namespaces: z.array(z.string().min(1)),
        /** Files modified more recently than this many seconds ago are kept. */
        minAgeSeconds: z.number().min(0),
        /** Every deleted path is appended here as one JSON line; empty: no audit log. */
        auditLog: z.string(),
        /** Pod label naming the service folder; empty or absent label: the workload name. */
        serviceLabel: z.string(),
        /** Deadline of one NAS call; a call still pending after it aborts that service. */
        timeoutSeconds: positiveSeconds,
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
  nacos: {
    serverAddr: '',
    username: '',
    password: '',
    passwordFile: '',
    namespaces: [],
    pollIntervalSeconds: 15,
    timeoutSeconds: 10,
    concurrency: 8,
  },
  kubernetes: { kubeconfig: '', context: '', namespaces: [], labelSelector: '' },
  drift: {
    graceSeconds: defaultDriftSettings().graceSeconds,
    expectation: defaultDriftSettings().expectation,
    clusterCidrs: [],
    ignoreCidrs: [],
    instanceInfo: false,
    recomputeSeconds: 5,
    sourceStaleSeconds: 120,
  },
  cleanLogs: {
    namespaces: [],
    minAgeSeconds: 600,
    auditLog: '/var/log/opsctl/clean-logs.jsonl',
    serviceLabel: '',
    timeoutSeconds: 10,
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
