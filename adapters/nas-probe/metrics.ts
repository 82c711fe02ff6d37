import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { ProbeErrno } from './errno.js';
import type { FsSpace, ProbeOp } from './protocol.js';
import type { ProbeTarget } from './targets.js';

/** Seconds: from a healthy local answer to a deadline of several seconds. */
const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/**
 * The NAS health series of shared/DESIGN.md, one set per watched folder (`mountpoint`), kept in
 * the exporter's memory and updated as probe results arrive: a scrape reads them, never the NAS.
 */
export class NasHealthMetrics {
  private readonly up: Gauge;
  private readonly info: Gauge;
  private readonly readonly: Gauge;
  private readonly duration: Histogram;
  private readonly errors: Counter;
  private readonly hung: Gauge;
  private readonly lastSuccess: Gauge;
  private readonly size: Gauge;
  private readonly avail: Gauge;
  private readonly files: Gauge;
  private readonly filesFree: Gauge;
  /** Label sets in use per mount point, so a mount that goes away loses every series. */
  private readonly infoLabels = new Map<string, Record<string, string>>();
  private readonly opLabels = new Map<string, Set<string>>();
  private readonly errorLabels = new Map<string, Set<string>>();

  constructor(registry: Registry) {
    const registers = [registry];
    const gauge = (name: string, help: string, labelNames = ['mountpoint']) =>
      new Gauge({ name, help, labelNames, registers });
    this.up = gauge(
      'opsctl_nas_mount_up',
      'Whether the folder is mounted and its last probe answered without error.',
    );
    this.info = gauge('opsctl_nas_mount_info', 'The mount holding a watched folder (always 1).', [
      'mountpoint',
      'source',
      'fstype',
      'options',
    ]);
    this.readonly = gauge(
      'opsctl_nas_readonly',
      'Whether the mount is read-only (ro option or EROFS on the write probe).',
    );
    this.duration = new Histogram({
      name: 'opsctl_nas_probe_duration_seconds',
      help: 'Duration of probe operations that answered (stat, statfs, readdir, write).',
      labelNames: ['mountpoint', 'op'],
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.errors = new Counter({
      name: 'opsctl_nas_probe_errors_total',
      help: 'Probe operations that failed, by errno, or did not answer before the deadline (errno="timeout").',
      labelNames: ['mountpoint', 'op', 'errno'],
      registers,
    });
    this.hung = gauge('opsctl_nas_probes_hung', 'Probe processes past their deadline that have not exited.');
    this.lastSuccess = gauge(
      'opsctl_nas_last_success_timestamp_seconds',
      'End of the last probe that answered without error.',
    );
    this.size = gauge('opsctl_nas_size_bytes', 'File system size (statfs f_blocks * f_bsize).');
    this.avail = gauge(
      'opsctl_nas_avail_bytes',
      'Space available to unprivileged users (statfs f_bavail * f_bsize).',
    );
    this.files = gauge('opsctl_nas_files', 'File nodes (statfs f_files).');
    this.filesFree = gauge('opsctl_nas_files_free', 'Free file nodes (statfs f_ffree).');
  }

  /** Describes the folder's mount; replaces the info series when the mount changed. */
  setTarget(target: ProbeTarget): void {
    const labels = {
      mountpoint: target.path,
      source: target.source,
      fstype: target.fstype,
      options: target.options,
    };
    const old = this.infoLabels.get(target.path);
    if (old && JSON.stringify(old) !== JSON.stringify(labels)) this.info.remove(old);
    this.infoLabels.set(target.path, labels);
    this.info.set(labels, 1);
  }

  observe(mountpoint: string, op: ProbeOp, seconds: number): void {
    this.duration.observe({ mountpoint, op }, seconds);
    remember(this.opLabels, mountpoint, op);
  }

  error(mountpoint: string, op: ProbeOp, errno: ProbeErrno): void {
    this.errors.inc({ mountpoint, op, errno });
    remember(this.errorLabels, mountpoint, `${op} ${errno}`);
  }

  setUp(mountpoint: string, up: boolean): void {
    this.up.set({ mountpoint }, up ? 1 : 0);
  }

  setReadOnly(mountpoint: string, readOnly: boolean): void {
    this.readonly.set({ mountpoint }, readOnly ? 1 : 0);
  }

  setHung(mountpoint: string, count: number): void {
    this.hung.set({ mountpoint }, count);
  }

  setSuccess(mountpoint: string, epochMs: number): void {
    this.lastSuccess.set({ mountpoint }, epochMs / 1000);
  }

  setSpace(mountpoint: string, space: FsSpace): void {
    this.size.set({ mountpoint }, space.sizeBytes);
    this.avail.set({ mountpoint }, space.availBytes);
    this.files.set({ mountpoint }, space.files);
    this.filesFree.set({ mountpoint }, space.filesFree);
  }

  /** Drops every series of a folder no longer watched. */
  remove(mountpoint: string): void {
    const info = this.infoLabels.get(mountpoint);
    if (info) this.info.remove(info);
    this.infoLabels.delete(mountpoint);
    for (const gauge of [
      this.up,
      this.readonly,
      this.hung,
      this.lastSuccess,
      this.size,
      this.avail,
      this.files,
      this.filesFree,
    ])
      gauge.remove({ mountpoint });
    for (const op of this.opLabels.get(mountpoint) ?? []) this.duration.remove({ mountpoint, op });
    for (const key of this.errorLabels.get(mountpoint) ?? []) {
      const [op, errno] = key.split(' ');
      this.errors.remove({ mountpoint, op: op!, errno: errno! });
    }
    this.opLabels.delete(mountpoint);
    this.errorLabels.delete(mountpoint);
  }
}

function remember(map: Map<string, Set<string>>, key: string, value: string): void {
  const set = map.get(key);
  if (set) set.add(value);
  else map.set(key, new Set([value]));
}
