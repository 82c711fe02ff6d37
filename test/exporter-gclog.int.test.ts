import {
  appendFileSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RunningExporter } from '../exporter/server.js';
import { scrape, scrapeUntil, startTestExporter } from './support/exporter.js';

const FIXTURE = new URL(
  './fixtures/gclogs/jvm17/demo/gateway/gc-gateway-5d8f7c9b6-x2x7q-2026-11-22_00-16-05.log',
  import.meta.url,
);
const POD = 'gateway-5d8f7c9b6-x2x7q';
const PAUSE_COUNT = 'opsctl_gclog_pause_seconds_count';

/** Independent oracle: summary pause lines of the `gc` tag (never `gc,start`). */
function pauseLines(text: string): number {
  return text.split('\n').filter((l) => /\]\[gc *\] GC\(\d+\) Pause /.test(l)).length;
}

const root = mkdtempSync(join(tmpdir(), 'opsctl-exp-'));
let exporter: RunningExporter | undefined;
afterEach(async () => {
  await exporter?.close();
  exporter = undefined;
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function serviceDir(name: string): string {
  const dir = join(root, name, 'test', 'gateway');
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe('exporter: GC logs on the NAS', () => {
  const fixture = readFileSync(FIXTURE, 'utf8');
  const expected = pauseLines(fixture);

  it('counts every pause of a real JVM log once, with pod labels from the file name', async () => {
    const dir = serviceDir('count');
    copyFileSync(FIXTURE, join(dir, `gc-${POD}-2026-11-22_00-16-05.log`));
    exporter = await startTestExporter(join(root, 'count'));
    const s = await scrapeUntil(
      exporter.url,
      (m) => (m.sum(PAUSE_COUNT) === expected ? m : undefined),
      `${expected} pauses`,
    );
    const labels = s.samples(PAUSE_COUNT)[0]!.labels;
    expect(labels).toMatchObject({ k8s_namespace: 'test', service: 'gateway', pod: POD });
    expect(s.sum('opsctl_gclog_info', { collector: 'G1', format: 'unified', pod: POD })).toBe(1);
    expect(s.sum('opsctl_gclog_heap_max_bytes', { pod: POD })).toBe(64 * 1024 * 1024);
    // JVM start: the time decorator minus uptime of the first line (2026-11-22T00:16:05.886Z - 0.004 s).
    expect(s.sum('opsctl_gclog_jvm_start_time_seconds', { pod: POD })).toBeCloseTo(
      Date.parse('2026-11-22T00:16:05.882Z') / 1000,
      2,
    );
    expect(s.sum('opsctl_gclog_allocated_bytes_total', { pod: POD })).toBeGreaterThan(0);
    expect(s.sum('opsctl_gclog_parse_errors_total')).toBe(0);
    expect(s.text).not.toMatch(/[{,]namespace="/);
  });

  it('follows appends, rotation, truncation and a JVM restart without double counting', async () => {
    const dir = serviceDir('follow');
    const active = join(dir, `gc-${POD}-2026-11-22_00-16-05.log`);
    const lines = fixture.split('\n');
    const half = lines.findIndex((l, i) => i > lines.length / 2 && l.includes('][gc,start'));
    const first = lines.slice(0, half).join('\n') + '\n';
    const second = lines.slice(half).join('\n');
    writeFileSync(active, first);
    exporter = await startTestExporter(join(root, 'follow'));
    const url = exporter.url;
    await scrapeUntil(
      url,
      (m) => (m.sum(PAUSE_COUNT) === pauseLines(first) ? true : undefined),
      'first half',
    );

    // Rotation as HotSpot does it: the active file is renamed to an archive, a new one starts.
    renameSync(active, `${active}.0`);
    writeFileSync(active, second);
    await scrapeUntil(url, (m) => (m.sum(PAUSE_COUNT) === expected ? true : undefined), 'after rotation');

    // Truncation: the file is cut and written again from the start.
    truncateSync(active, 0);
    appendFileSync(active, first);
    await scrapeUntil(
      url,
      (m) => (m.sum(PAUSE_COUNT) === expected + pauseLines(first) ? true : undefined),
      'after truncation',
    );

    // A JVM restart writes a new %t file: a new chain with its own start time.
    writeFileSync(
      join(dir, `gc-${POD}-2026-11-22_01-00-00.log`),
      fixture.replaceAll('2026-11-22T00:16:', '2026-11-22T01:00:'),
    );
    const s = await scrapeUntil(
      url,
      (m) => (m.sum(PAUSE_COUNT) === 2 * expected + pauseLines(first) ? m : undefined),
      'after restart',
    );
    expect(s.sum('opsctl_gclog_jvm_start_time_seconds', { pod: POD })).toBeCloseTo(
      Date.parse('2026-11-22T01:00:05.882Z') / 1000,
      2,
    );
  });

  it('counts a broken event line as a parse error and goes on', async () => {
    const dir = serviceDir('errors');
    const file = join(dir, `gc-${POD}-2026-11-22_00-16-05.log`);
    writeFileSync(file, fixture);
    exporter = await startTestExporter(join(root, 'errors'));
    await scrapeUntil(exporter.url, (m) => (m.sum(PAUSE_COUNT) === expected ? true : undefined), 'fixture');
    appendFileSync(
      file,
      '[2026-11-22T00:17:00.000+0000][55.000s][info][gc] GC(999) Pause Young (Normal) (G1 Evacuation Pause) 14M->12M(64M) 1.2.3ms\n',
    );
    appendFileSync(
      file,
      fixture
        .split('\n')
        .filter((l) => /\]\[gc *\] GC\(\d+\) Pause Young/.test(l))
        .slice(0, 3)
        .join('\n') + '\n',
    );
    const s = await scrapeUntil(
      exporter.url,
      (m) => (m.sum(PAUSE_COUNT) === expected + 3 ? m : undefined),
      'after bad line',
    );
    expect(s.sum('opsctl_gclog_parse_errors_total', { format: 'unified' })).toBe(1);
  });

  it('drops the series of a pod whose files stopped changing after the TTL', async () => {
    const dir = serviceDir('ttl');
    writeFileSync(join(dir, `gc-${POD}-2026-11-22_00-16-05.log`), fixture);
    exporter = await startTestExporter(join(root, 'ttl'), { seriesTtlSeconds: 2 });
    await scrapeUntil(exporter.url, (m) => (m.sum(PAUSE_COUNT) === expected ? true : undefined), 'fixture');
    await scrapeUntil(
      exporter.url,
      (m) => (m.samples(PAUSE_COUNT).length === 0 ? true : undefined),
      'series dropped',
    );
    const s = await scrape(exporter.url);
    expect(s.samples('opsctl_gclog_heap_after_gc_bytes')).toHaveLength(0);
    expect(s.samples('opsctl_gclog_info')).toHaveLength(0);
  });

  it('serves /healthz, /readyz once the first scan is in, and a JSON 404', async () => {
    serviceDir('health');
    exporter = await startTestExporter(join(root, 'health'));
    expect((await fetch(`${exporter.url}/healthz`)).status).toBe(200);
    await scrapeUntil(
      exporter.url,
      (m) => (m.sum('opsctl_nas_reader_up') === 1 ? true : undefined),
      'reader up',
    );
    const ready = await fetch(`${exporter.url}/readyz`);
    expect(ready.status).toBe(200);
    const missing = await fetch(`${exporter.url}/nope`);
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('E_NOT_FOUND');
    const s = await scrape(exporter.url);
    expect(s.samples('opsctl_build_info')[0]?.labels.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(s.sum('process_cpu_seconds_total')).toBeGreaterThan(0);
  });
});
