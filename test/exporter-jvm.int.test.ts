import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningExporter } from '../exporter/server.js';
import { registerJvmCleanup, startJvm } from '../sim/jvm/launch.js';
import { scrape, scrapeUntil, startTestExporter } from './support/exporter.js';
import { requireJava } from './support/java.js';
import { startPrometheus, type PrometheusHandle } from './support/prometheus.js';
import { waitFor } from './support/ports.js';
import { requireTool } from './support/tools.js';

const POD = 'order-service-7c6b8d5f4-q8m2n';
const OOM_POD = 'order-service-7c6b8d5f4-zz9kq';

/** Independent oracle: summary pause lines of the `gc` tag in every file the pod wrote. */
function pausesWritten(dir: string, pod: string): number {
  return readdirSync(dir)
    .filter((name) => name.startsWith(`gc-${pod}-`))
    .map((name) => readFileSync(join(dir, name), 'utf8'))
    .reduce(
      (sum, text) => sum + text.split('\n').filter((l) => /\]\[gc *\] GC\(\d+\) Pause /.test(l)).length,
      0,
    );
}

describe.runIf(requireJava() && requireTool('prometheus'))(
  'exporter against real JVMs, scraped by real Prometheus',
  () => {
    const root = mkdtempSync(join(tmpdir(), 'opsctl-jvm-'));
    const dir = join(root, 'prod', 'order-service');
    let exporter: RunningExporter;
    let prometheus: PrometheusHandle;
    registerJvmCleanup(afterEach);

    beforeAll(async () => {
      mkdirSync(dir, { recursive: true });
      exporter = await startTestExporter(root);
      prometheus = await startPrometheus([new URL(exporter.url).host]);
    });
    afterAll(async () => {
      await prometheus?.stop();
      await exporter?.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('follows a rotating GC log and a JVM restart of the same pod: every pause counted once', async () => {
      // Small files and enough of them that HotSpot rotates several times but never overwrites.
      const gcLog = { filecount: 50, filesizeKb: 16 };
      const workload = { rateMb: 48, liveMb: 8 };
      const first = await startJvm({
        dataDir: dir,
        pod: POD,
        collector: 'Parallel',
        heapMb: 48,
        gcLog,
        workload,
      });
      await first.ready;
      await new Promise((r) => setTimeout(r, 4000));
      await first.stop();
      // %t has second resolution: the restarted JVM must get a new file name.
      await new Promise((r) => setTimeout(r, 1100));
      const second = await startJvm({
        dataDir: dir,
        pod: POD,
        collector: 'Parallel',
        heapMb: 48,
        gcLog,
        workload,
      });
      await second.ready;
      await new Promise((r) => setTimeout(r, 2000));
      await second.stop();

      const files = readdirSync(dir).filter((n) => n.startsWith(`gc-${POD}-`));
      expect(files.some((n) => /\.log\.\d+$/.test(n))).toBe(true); // it did rotate
      expect(new Set(files.map((n) => n.replace(/\.log(\.\d+)?$/, ''))).size).toBe(2); // two JVM runs
      const expected = pausesWritten(dir, POD);
      expect(expected).toBeGreaterThan(10);
      const s = await scrapeUntil(
        exporter.url,
        (m) => (m.sum('opsctl_gclog_pause_seconds_count', { pod: POD }) === expected ? m : undefined),
        `${expected} pauses`,
      );
      expect(s.sum('opsctl_gclog_info', { pod: POD, collector: 'Parallel' })).toBe(1);
      expect(s.sum('opsctl_gclog_heap_max_bytes', { pod: POD })).toBe(48 * 1024 * 1024);
      expect(s.sum('opsctl_gclog_promoted_bytes_total', { pod: POD })).toBeGreaterThanOrEqual(0);
      expect(s.sum('opsctl_gclog_parse_errors_total')).toBe(0);

      // The same numbers through a real Prometheus scrape and PromQL.
      const result = await waitFor(
        async () => {
          const r = await prometheus.query(`sum by (pod) (opsctl_gclog_pause_seconds_count{pod="${POD}"})`);
          return r[0] && Number(r[0].value[1]) === expected ? r : undefined;
        },
        30_000,
        'prometheus to scrape the pause counts',
      );
      expect(result[0]?.metric.pod).toBe(POD);
      const up = await prometheus.query('up{job="opsctl"}');
      expect(up[0]?.value[1]).toBe('1');
    });

    it('reports an OutOfMemoryError heap dump: count, bytes, newest time, created counter', async () => {
      const oom = await startJvm({
        dataDir: dir,
        pod: OOM_POD,
        collector: 'G1',
        heapMb: 24,
        workload: { mode: 'oom', rateMb: 0 },
      });
      expect(await oom.exited).toBe(1);
      const svc = { k8s_namespace: 'prod', service: 'order-service' };
      const s = await scrapeUntil(
        exporter.url,
        (m) =>
          m.sum('opsctl_heapdump_created_total', svc) === 1 && m.sum('opsctl_heapdump_incomplete', svc) === 0
            ? m
            : undefined,
        'the heap dump',
      );
      expect(s.sum('opsctl_heapdump_files', svc)).toBe(1);
      expect(s.sum('opsctl_heapdump_bytes', svc)).toBeGreaterThan(1024 * 1024);
      expect(s.sum('opsctl_heapdump_last_timestamp_seconds', { pod: OOM_POD })).toBeGreaterThan(
        Date.now() / 1000 - 120,
      );
      const promql = await waitFor(
        async () => {
          const r = await prometheus.query('sum(opsctl_heapdump_created_total{service="order-service"})');
          return r[0]?.value[1] === '1' ? r : undefined;
        },
        30_000,
        'prometheus to see the dump',
      );
      expect(promql).toHaveLength(1);
      expect((await scrape(exporter.url)).sum('opsctl_nas_reader_up')).toBe(1);
    });
  },
);
