import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { main } from '../cli/main.js';
import { recordingIo } from '../cli/test-io.js';
import type { RunningExporter } from '../exporter/server.js';
import { mountBindfs, type BindfsMount } from './support/bindfs.js';
import { scrapeUntil, startTestExporter } from './support/exporter.js';
import { requireTool } from './support/tools.js';

const FIXTURE = new URL(
  './fixtures/gclogs/jvm17/demo/gateway/gc-gateway-5d8f7c9b6-x2x7q-2026-11-22_00-16-05.log',
  import.meta.url,
);
const FILE = 'gc-gateway-5d8f7c9b6-x2x7q-2026-11-22_00-16-05.log';
const pauses = (text: string) => text.split('\n').filter((l) => /\]\[gc *\] GC\(\d+\) Pause /.test(l)).length;

/** A liveness bound, not a speed assertion: a hung exporter would never answer at all. */
const answers = (url: string) => fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });

describe.runIf(requireTool('bindfs'))('a hung NAS (FUSE mount stopped with SIGSTOP)', () => {
  const base = mkdtempSync(join(tmpdir(), 'opsctl-hung-'));
  const source = join(base, 'source');
  const target = join(base, 'nas');
  let mount: BindfsMount | undefined;
  let exporter: RunningExporter | undefined;
  afterEach(async () => {
    mount?.resume();
    await exporter?.close();
    exporter = undefined;
    mount?.unmount();
    mount = undefined;
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('keeps /metrics answering, reports hung calls, and recovers when the mount answers again', async () => {
    const svc = join(source, 'test', 'gateway');
    mkdirSync(svc, { recursive: true });
    copyFileSync(FIXTURE, join(svc, FILE));
    const fixture = readFileSync(FIXTURE, 'utf8');
    mount = mountBindfs(source, target);
    exporter = await startTestExporter(target, {}, { readTimeoutSeconds: 1 });
    const url = exporter.url;
    await scrapeUntil(
      url,
      (m) => (m.sum('opsctl_gclog_pause_seconds_count') === pauses(fixture) ? true : undefined),
      'first read',
    );

    mount.hang();
    const hung = await scrapeUntil(
      url,
      (m) => (m.sum('opsctl_nas_reader_calls_hung') >= 1 ? m : undefined),
      'hung calls',
    );
    // The last snapshot is still served while the NAS does not answer.
    expect(hung.sum('opsctl_gclog_pause_seconds_count')).toBe(pauses(fixture));
    for (let i = 0; i < 5; i++) expect((await answers(url)).status).toBe(200);
    expect((await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(10_000) })).status).toBe(200);

    mount.resume();
    appendFileSync(
      join(svc, FILE),
      fixture
        .split('\n')
        .filter((l) => /\]\[gc *\] GC\(\d+\) Pause Young/.test(l))
        .slice(0, 2)
        .join('\n') + '\n',
    );
    const after = await scrapeUntil(
      url,
      (m) =>
        m.sum('opsctl_gclog_pause_seconds_count') === pauses(fixture) + 2 &&
        m.sum('opsctl_nas_reader_calls_hung') === 0
          ? m
          : undefined,
      'recovery',
    );
    expect(after.sum('opsctl_nas_reader_up')).toBe(1);
  });

  it('opsctl gc gives up with exit 69 and a clear error instead of hanging', async () => {
    const svc = join(source, 'uat', 'gateway');
    mkdirSync(svc, { recursive: true });
    copyFileSync(FIXTURE, join(svc, FILE));
    mount = mountBindfs(source, target);
    mount.hang();
    const io = recordingIo({ OPSCTL_NAS_READ_TIMEOUT_SECONDS: '1', XDG_CONFIG_HOME: join(base, 'xdg') });
    const code = await main(['gc', 'uat/gateway', '--nas-root', target], io);
    expect(code).toBe(69);
    expect(io.err()).toMatch(/^Error: readdir .* did not answer within 1s/m);
    expect(io.err()).toContain('Try: the NAS may be hung');
  });
});

describe('opsctl gc on a healthy NAS folder', () => {
  const nas = mkdtempSync(join(tmpdir(), 'opsctl-gccli-'));
  const env = { XDG_CONFIG_HOME: join(nas, 'xdg') };
  afterAll(() => rmSync(nas, { recursive: true, force: true }));

  it('reports every pod of a service, -o json with the exact pause counts', async () => {
    const svc = join(nas, 'test', 'gateway');
    mkdirSync(svc, { recursive: true });
    copyFileSync(FIXTURE, join(svc, FILE));
    const io = recordingIo(env);
    expect(await main(['gc', 'test/gateway', '--nas-root', nas, '-o', 'json'], io)).toBe(0);
    const report = JSON.parse(io.out()) as { pods: { pod: string; runs: { pauses: { count: number } }[] }[] };
    expect(report.pods.map((p) => p.pod)).toEqual(['gateway-5d8f7c9b6-x2x7q']);
    expect(report.pods[0]!.runs[0]!.pauses.count).toBe(pauses(readFileSync(FIXTURE, 'utf8')));
    const text = recordingIo(env);
    expect(await main(['gc', 'test/gateway', '--nas-root', nas, '--time-zone', 'UTC'], text)).toBe(0);
    expect(text.out()).toContain('gateway-5d8f7c9b6-x2x7q');
    expect(text.out()).toContain('G1');
  });

  it('says which service folder is missing (exit 1) and which pods exist when --pod matches none', async () => {
    const missing = recordingIo(env);
    expect(await main(['gc', 'test/nope', '--nas-root', nas], missing)).toBe(1);
    expect(missing.err()).toContain('no folder for service "nope" in namespace "test"');
    const pod = recordingIo(env);
    expect(
      await main(['gc', 'test/gateway', '--nas-root', nas, '--pod', 'gateway-5d8f7c9b6-x2x7'], pod),
    ).toBe(1);
    expect(pod.err()).toContain('pods with files there: gateway-5d8f7c9b6-x2x7q');
  });
});
