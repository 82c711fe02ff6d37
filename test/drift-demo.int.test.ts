/**
 * `opsctl demo` (what `npm start` runs) serves a drifting registry: once the grace periods pass,
 * the exporter publishes the ghost, the missing Ready pod and the disabled instance, and the
 * `opsctl drift` command the banner prints finds the same. Runs without Java (`--no-java`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { recordingIo } from '../cli/test-io.js';
import type { DriftJson } from '../core/drift/render.js';
import { scrapeUntil } from './support/exporter.js';
import { waitFor } from './support/ports.js';

describe('opsctl demo with registry drift', () => {
  it('publishes the demo drift and prints an opsctl drift command that finds it', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'opsctl-demo-drift-'));
    const env = { XDG_CONFIG_HOME: dir, HOME: dir };
    const io = recordingIo(env);
    const running = main(['demo', '--port', '0', '--no-java', '--dir', dir], io);
    try {
      const banner = await waitFor(
        () => (io.out().includes('What to look at:') ? io.out() : undefined),
        60_000,
        'the demo banner',
      );
      const url = /exporter +(http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(banner)![1]!;
      const command = /node dist\/cli\/bin\.js (drift --kubeconfig \S+ --nacos \S+)/.exec(banner)![1]!;
      const kinds = await scrapeUntil(
        url,
        (s) => {
          const rows = s.samples('opsctl_drift_instances').map((r) => `${r.labels.kind}/${r.labels.service}`);
          return rows.length >= 3 ? rows.sort() : undefined;
        },
        'demo drift series',
        90_000,
      );
      expect(kinds).toEqual([
        'ready_disabled/pay-service',
        'ready_missing/user-service',
        'stale/order-service',
      ]);
      const cli = recordingIo(env);
      expect(await main([...command.split(' '), '-o', 'json'], cli)).toBe(1);
      const json = JSON.parse(cli.out()) as DriftJson;
      expect(json.services.map((s) => s.service)).toEqual(['order-service', 'pay-service', 'user-service']);
    } finally {
      io.shutdown('SIGINT');
      expect(await running).toBe(0);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
