import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../core/config/schema.js';
import { parseMountInfo } from '../../core/nas/mountinfo.js';
import { createLogger } from '../log/logger.js';
import { NasHealthMonitor } from './monitor.js';
import type { ProbeChildMessage, ProbeRequest } from './protocol.js';

type Behaviour = 'ok' | 'hang' | 'enotconn';

/** A probe child that answers from a script instead of touching any file system. */
class FakeProbeChild extends EventEmitter {
  connected = true;
  killedWith: string | undefined;
  /** A child stuck in the kernel ignores SIGKILL until the mount answers. */
  stuck = false;

  constructor(private readonly behaviour: () => Behaviour) {
    super();
    setTimeout(() => this.emitMessage({ type: 'ready' }), 0);
  }

  send(request: ProbeRequest): boolean {
    const behaviour = this.behaviour();
    setTimeout(() => {
      this.emitMessage({ type: 'begin', op: 'stat' });
      if (behaviour === 'hang') {
        this.stuck = true;
        return;
      }
      if (behaviour === 'enotconn') {
        this.emitMessage({ type: 'fail', op: 'stat', durationMs: 1, code: 'ENOTCONN', message: 'gone' });
      } else {
        this.emitMessage({ type: 'ok', op: 'stat', durationMs: 2 });
        this.emitMessage({ type: 'begin', op: 'statfs' });
        this.emitMessage({
          type: 'ok',
          op: 'statfs',
          durationMs: 3,
          space: { sizeBytes: 1000, availBytes: 600, freeBytes: 700, files: 10, filesFree: 8 },
        });
      }
      this.finish(request);
    }, 0);
    return true;
  }

  /** The hung call returns (the mount answers again). */
  answer(): void {
    this.stuck = false;
    this.emitMessage({ type: 'ok', op: 'stat', durationMs: 5000 });
    this.finish();
  }

  kill(signal: string): boolean {
    this.killedWith = signal;
    if (!this.stuck) setTimeout(() => this.emit('exit', null, signal), 0);
    return true;
  }

  disconnect(): void {
    this.connected = false;
  }

  unref(): void {}

  private finish(_request?: ProbeRequest): void {
    this.emitMessage({ type: 'done' });
    setTimeout(() => this.emit('exit', 0, null), 0);
  }

  private emitMessage(message: ProbeChildMessage): void {
    this.emit('message', message);
  }
}

const NFS =
  '40 27 0:35 / /mnt/nas rw,relatime - nfs4 10.0.0.5:/export rw,vers=4.1,hard,proto=tcp,timeo=600,retrans=2';
const ROOT = '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw';

async function value(
  registry: Registry,
  name: string,
  labels: Record<string, string>,
): Promise<number | undefined> {
  const metric = registry.getSingleMetric(name);
  const values = metric ? (await metric.get()).values : [];
  return values.find((v) => Object.entries(labels).every(([k, l]) => v.labels[k] === l))?.value;
}

describe('NasHealthMonitor', () => {
  let behaviour: Behaviour;
  let children: FakeProbeChild[];
  let mountLines: string[];
  let registry: Registry;
  let monitor: NasHealthMonitor;

  beforeEach(() => {
    vi.useFakeTimers();
    behaviour = 'ok';
    children = [];
    mountLines = [ROOT, NFS];
    registry = new Registry();
    monitor = new NasHealthMonitor({
      registry,
      log: createLogger({ level: 'error', format: 'text' }),
      health: { ...defaultConfig.nas.health, timeoutSeconds: 1, watchRoot: false },
      root: '/mnt/nas',
      goneTtlMs: 60_000,
      readMounts: () => Promise.resolve(parseMountInfo(mountLines.join('\n')).mounts),
      spawn: () => {
        const child = new FakeProbeChild(() => behaviour);
        children.push(child);
        return child as unknown as ChildProcess;
      },
    });
  });
  afterEach(() => {
    monitor.close();
    vi.useRealTimers();
  });

  const round = async (ms = 10) => {
    await monitor.tick();
    await vi.advanceTimersByTimeAsync(ms);
  };
  const nas = { mountpoint: '/mnt/nas' };

  it('reports a healthy mount: up, info with options, space, last success', async () => {
    await round();
    expect(await value(registry, 'opsctl_nas_mount_up', nas)).toBe(1);
    expect(
      await value(registry, 'opsctl_nas_mount_info', {
        ...nas,
        fstype: 'nfs4',
        options: 'rw,hard,vers=4.1,proto=tcp,timeo=600,retrans=2',
      }),
    ).toBe(1);
    expect(await value(registry, 'opsctl_nas_avail_bytes', nas)).toBe(600);
    expect(await value(registry, 'opsctl_nas_last_success_timestamp_seconds', nas)).toBeGreaterThan(0);
    expect(children).toHaveLength(1);
  });

  it('counts a hung probe, never starts a second one for the mount, kills it after ten deadlines', async () => {
    behaviour = 'hang';
    await round(1500);
    expect(await value(registry, 'opsctl_nas_probes_hung', nas)).toBe(1);
    expect(await value(registry, 'opsctl_nas_mount_up', nas)).toBe(0);
    expect(
      await value(registry, 'opsctl_nas_probe_errors_total', { ...nas, op: 'stat', errno: 'timeout' }),
    ).toBe(1);
    for (let i = 0; i < 5; i++) await round(1000);
    expect(children).toHaveLength(1);
    await round(5000);
    await round();
    expect(children[0]!.killedWith).toBe('SIGKILL');
    // Stuck in the kernel: still hung, still the only probe of this mount.
    await round(1000);
    expect(children).toHaveLength(1);
    expect(await value(registry, 'opsctl_nas_probes_hung', nas)).toBe(1);
    behaviour = 'ok';
    children[0]!.answer();
    await vi.advanceTimersByTimeAsync(10);
    expect(await value(registry, 'opsctl_nas_probes_hung', nas)).toBe(0);
    await round();
    expect(children).toHaveLength(2);
    expect(await value(registry, 'opsctl_nas_mount_up', nas)).toBe(1);
  });

  it('recovers when the hung call answers late', async () => {
    behaviour = 'hang';
    await round(1500);
    children[0]!.answer();
    await vi.advanceTimersByTimeAsync(10);
    expect(await value(registry, 'opsctl_nas_mount_up', nas)).toBe(1);
    expect(await value(registry, 'opsctl_nas_probes_hung', nas)).toBe(0);
  });

  it('counts errors by errno and reports a mount that left mountinfo as down, then forgets it', async () => {
    behaviour = 'enotconn';
    await round();
    expect(
      await value(registry, 'opsctl_nas_probe_errors_total', { ...nas, op: 'stat', errno: 'ENOTCONN' }),
    ).toBe(1);
    expect(await value(registry, 'opsctl_nas_mount_up', nas)).toBe(0);
    behaviour = 'ok';
    await round();
    expect(await value(registry, 'opsctl_nas_mount_up', nas)).toBe(1);
    mountLines = [ROOT];
    await round();
    expect(await value(registry, 'opsctl_nas_mount_up', nas)).toBe(0);
    const probes = children.length;
    await round(61_000);
    await round();
    expect(children).toHaveLength(probes);
    expect(await value(registry, 'opsctl_nas_mount_up', nas)).toBeUndefined();
    expect(await value(registry, 'opsctl_nas_probe_errors_total', nas)).toBeUndefined();
  });

  it('reports the root folder as not mounted once its NAS mount went away', async () => {
    monitor.close();
    monitor = new NasHealthMonitor({
      registry: new Registry(),
      log: createLogger({ level: 'error', format: 'text' }),
      health: { ...defaultConfig.nas.health, timeoutSeconds: 1 },
      root: '/mnt/nas',
      goneTtlMs: 60_000,
      readMounts: () => Promise.resolve(parseMountInfo(mountLines.join('\n')).mounts),
      spawn: () => new FakeProbeChild(() => behaviour) as unknown as ChildProcess,
    });
    await round();
    expect(monitor.targets().map((t) => [t.path, t.mounted, t.origins.join()])).toEqual([
      ['/mnt/nas', true, 'mount,root'],
    ]);
    mountLines = [ROOT];
    await round();
    expect(monitor.targets().map((t) => [t.path, t.mounted, t.fstype])).toEqual([
      ['/mnt/nas', false, 'ext4'],
    ]);
  });
});
