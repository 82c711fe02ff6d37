import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../adapters/log/logger.js';
import type { RunningExporter } from '../exporter/server.js';
import { startDemoAlerting, type DemoAlerting } from '../sim/demo/alerting.js';
import { scrapeUntil, startTestExporter } from './support/exporter.js';
import { waitFor } from './support/ports.js';
import { requireTool } from './support/tools.js';

/** A minimal complete HPROF 1.0.2 file: header (id size, creation time), then HEAP_DUMP_END. */
function hprof(createdMs: number): Buffer {
  const header = Buffer.alloc(31);
  header.write('JAVA PROFILE 1.0.2\0', 0, 'latin1');
  header.writeUInt32BE(8, 19);
  header.writeUInt32BE(Math.floor(createdMs / 2 ** 32), 23);
  header.writeUInt32BE(createdMs % 2 ** 32, 27);
  return Buffer.concat([header, Buffer.alloc(64, 1), Buffer.from([0x2c, 0, 0, 0, 0, 0, 0, 0, 0])]);
}

describe.runIf(requireTool('prometheus') && requireTool('prometheus-alertmanager'))(
  'demo alerting: Prometheus, Alertmanager, the alert router and the inbox',
  () => {
    const root = mkdtempSync(join(tmpdir(), 'opsctl-demo-alerting-test-'));
    const serviceDir = join(root, 'prod', 'report-service');
    const lines: string[] = [];
    let exporter: RunningExporter | undefined;
    let alerting: DemoAlerting | undefined;
    afterAll(async () => {
      await alerting?.stop();
      await exporter?.close();
      rmSync(root, { recursive: true, force: true });
    });

    it('delivers the firing heap-dump alert to the inbox, printed and on its page', async () => {
      mkdirSync(serviceDir, { recursive: true });
      exporter = await startTestExporter(root);
      alerting = await startDemoAlerting({
        exporterUrl: exporter.url,
        log: createLogger({ level: 'error', format: 'text' }),
        onLine: (line) => lines.push(line),
        intervalSeconds: 1,
        groupWaitSeconds: 1,
      });
      // A dump present at the first scan is not new: wait for that scan before the "OOM".
      await scrapeUntil(
        exporter.url,
        (m) => (m.sum('opsctl_nas_reader_last_cycle_timestamp_seconds') > 0 ? true : undefined),
        'the first NAS scan',
      );
      const staging = join(root, 'dump.tmp');
      writeFileSync(staging, hprof(Date.now()));
      renameSync(staging, join(serviceDir, 'dump-report-service-7d9f-x2x4k-%t.hprof'));

      const line = await waitFor(
        () => lines.find((l) => l.startsWith('[inbox] firing HeapDumpCreated ')),
        90_000,
        `the firing HeapDumpCreated alert in the inbox (got ${JSON.stringify(lines)})`,
      );
      expect(line).toContain('prod/report-service');
      const page = await (await fetch(alerting.inboxUrl)).text();
      expect(page).toContain('HeapDumpCreated');
      expect(page).toContain('prod/report-service');
    });
  },
);
