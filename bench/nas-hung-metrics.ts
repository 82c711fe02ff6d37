/**
 * `/metrics` latency of the exporter while three NAS mounts hang at once (FUSE mounts made with
 * bindfs whose daemons are stopped with SIGSTOP, as a hard NFS mount whose server is gone):
 * sequential scrapes once every probe of the three mounts is counted hung. Needs root and bindfs.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { percentile } from './proc-stats.js';
import type { BenchReport } from './types.js';

const REQUESTS = 1000;
const NAME = '/metrics with 3 hung NAS mounts';

interface Fuse {
  target: string;
  pid: number;
}

function mountBindfs(source: string, target: string): Fuse {
  mkdirSync(source, { recursive: true });
  mkdirSync(target, { recursive: true });
  if (spawnSync('bindfs', [source, target]).status !== 0)
    throw new Error(`bindfs ${source} ${target} failed`);
  const pid = Number(
    spawnSync('pgrep', ['-n', '-f', `bindfs .*${target}$`], { encoding: 'utf8' }).stdout.trim(),
  );
  return { target, pid };
}

/** The built CLI, or the TypeScript one through tsx when this runs from sources. */
function cliCommand(): { args: string[] } {
  const fromSource = fileURLToPath(import.meta.url).endsWith('.ts');
  const bin = fileURLToPath(new URL(`../cli/bin.${fromSource ? 'ts' : 'js'}`, import.meta.url));
  return { args: fromSource ? ['--import', 'tsx', bin] : [bin] };
}

export async function benchNasHungMetrics(): Promise<BenchReport> {
  if (process.getuid?.() !== 0 || spawnSync('bindfs', ['--version']).status !== 0)
    return {
      name: NAME,
      figures: {},
      notes: ['skipped: needs root and bindfs (scripts/install-system-deps.sh)'],
    };
  const base = mkdtempSync(join(tmpdir(), 'opsctl-bench-hung-'));
  const mounts: Fuse[] = [];
  let exporter: ChildProcess | undefined;
  try {
    mkdirSync(join(base, 'root', 'prod', 'gateway'), { recursive: true });
    for (const name of ['a', 'b', 'c']) mounts.push(mountBindfs(join(base, `${name}-src`), join(base, name)));
    const port = 19780;
    exporter = spawn(
      process.execPath,
      [...cliCommand().args, 'exporter', '--host', '127.0.0.1', '--port', String(port)],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: {
          ...process.env,
          XDG_CONFIG_HOME: join(base, 'xdg'),
          OPSCTL_LOG_LEVEL: 'error',
          OPSCTL_NAS_ROOT: join(base, 'root'),
          OPSCTL_NAS_HEALTH_PATHS: mounts.map((m) => m.target).join(','),
          OPSCTL_NAS_HEALTH_FSTYPES: 'none',
        },
      },
    );
    const url = `http://127.0.0.1:${port}/metrics`;
    await until(
      url,
      (text) => mounts.every((m) => sample(text, 'opsctl_nas_mount_up', m.target) === 1),
      'mounts up',
    );
    await scrapeTimes(url, 200); // warm-up: JIT, sockets
    const healthy = await scrapeTimes(url);
    for (const m of mounts) process.kill(m.pid, 'SIGSTOP');
    await until(
      url,
      (text) => mounts.every((m) => sample(text, 'opsctl_nas_probes_hung', m.target) === 1),
      'hung',
    );
    const { latencies, text } = await scrapeTimes(url);
    const hung = mounts.filter((m) => sample(text, 'opsctl_nas_probes_hung', m.target) === 1).length;
    return {
      name: NAME,
      figures: {
        'hung mounts during the scrapes': hung,
        '/metrics requests (sequential, whole body read)': REQUESTS,
        '/metrics p50 ms': round(percentile(latencies, 50)),
        '/metrics p99 ms': round(percentile(latencies, 99)),
        '/metrics max ms': round(Math.max(...latencies)),
        'same before the hang: p50 / p99 / max ms': [50, 99, 100]
          .map((p) => round(percentile(healthy.latencies, p)))
          .join(' / '),
      },
      targets: { '/metrics p99 ms': '< 50', 'hung mounts during the scrapes': '= 3' },
      notes: [
        'default probe settings (a round every 15 s, 5 s deadline); the exporter runs as its own process',
        'the NAS root (a healthy local folder) is probed too, so probe processes start during the scrapes',
      ],
    };
  } finally {
    for (const m of mounts) {
      try {
        process.kill(m.pid, 'SIGCONT');
      } catch {
        // already gone
      }
    }
    if (exporter && exporter.exitCode === null) {
      exporter.kill('SIGTERM');
      await new Promise((r) => exporter!.once('exit', r));
    }
    for (const m of mounts) spawnSync('fusermount3', ['-uz', m.target]);
    rmSync(base, { recursive: true, force: true });
  }
}

/** Sequential scrapes, whole body read; the last body. */
async function scrapeTimes(url: string, requests = REQUESTS): Promise<{ latencies: number[]; text: string }> {
  const latencies: number[] = [];
  let text = '';
  for (let i = 0; i < requests; i++) {
    const started = performance.now();
    text = await (await fetch(url)).text();
    latencies.push(performance.now() - started);
  }
  return { latencies, text };
}

function sample(text: string, name: string, mountpoint: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{mountpoint="${mountpoint}"}`));
  return line === undefined ? undefined : Number(line.split(' ').pop());
}

async function until(url: string, check: (text: string) => boolean, what: string): Promise<void> {
  for (let i = 0; i < 900; i++) {
    const text = await fetch(url).then(
      (r) => r.text(),
      () => '',
    );
    if (check(text)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`bench: timed out waiting for ${what}`);
}

const round = (n: number) => Math.round(n * 100) / 100;
