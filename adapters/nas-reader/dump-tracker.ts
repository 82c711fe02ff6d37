import { Counter, Gauge, type Registry } from 'prom-client';
import { GcMetricNames as N } from '../../core/gclog/metric-spec.js';
import { inspectHeapDump, type HeapDumpInspection } from '../heapdump/inspect.js';
import type { GuardedFs } from './guarded-fs.js';

/** A heap dump file as the NAS layout classified it. */
export interface DumpRef {
  path: string;
  k8s_namespace: string;
  service: string;
  /** Pod from the file name; undefined for names without one (`java_pid1.hprof`). */
  pod?: string;
}

interface Known {
  ino: number;
  size: number;
  mtimeMs: number;
  inspection?: HeapDumpInspection;
}

/**
 * Heap dump metrics per service. A dump first seen after the initial scan counts in
 * `opsctl_heapdump_created_total` (an OOM happened). Completeness is checked from the file's
 * first and last bytes only; a file whose size changed since the last cycle is still growing.
 */
export class DumpTracker {
  private readonly known = new Map<string, Known>();
  /** The dumps of each service folder as last listed. */
  private readonly lastListing = new Map<string, DumpRef[]>();
  private readonly files: Gauge;
  private readonly bytes: Gauge;
  private readonly last: Gauge;
  private readonly created: Counter;
  private readonly incomplete: Gauge;

  constructor(
    registry: Registry,
    private readonly fs: GuardedFs,
  ) {
    const registers = [registry];
    const svc = ['k8s_namespace', 'service'];
    this.files = new Gauge({
      name: N.dumpFiles,
      help: 'Heap dump files on the NAS per service.',
      labelNames: svc,
      registers,
    });
    this.bytes = new Gauge({
      name: N.dumpBytes,
      help: 'Bytes of heap dump files per service.',
      labelNames: svc,
      registers,
    });
    this.last = new Gauge({
      name: N.dumpLast,
      help: 'Time of the newest heap dump of a pod (header time, else mtime), Unix seconds.',
      labelNames: [...svc, 'pod'],
      registers,
    });
    this.created = new Counter({
      name: N.dumpCreated,
      help: 'Heap dumps that appeared since the exporter started (each is an OutOfMemoryError or a manual dump).',
      labelNames: [...svc, 'format'],
      registers,
    });
    this.incomplete = new Gauge({
      name: N.dumpIncomplete,
      help: 'Heap dumps that are truncated, not a known format, or still being written.',
      labelNames: svc,
      registers,
    });
  }

  /**
   * Inspects new or changed dumps and refreshes every gauge. Service folders not in `listed`
   * (could not be read this time) keep their last listing.
   */
  async update(
    listedDumps: readonly DumpRef[],
    initial: boolean,
    listed: ReadonlySet<string>,
  ): Promise<number> {
    for (const scope of listed) {
      this.lastListing.set(scope, []);
      // The counter exists at 0 before the first dump, so increase() sees the first OOM too.
      const [k8s_namespace = '', service = ''] = scope.split('/');
      this.created.inc({ k8s_namespace, service, format: 'hprof' }, 0);
    }
    for (const ref of listedDumps) this.lastListing.get(`${ref.k8s_namespace}/${ref.service}`)?.push(ref);
    const dumps = [...this.lastListing.values()].flat();
    let errors = 0;
    const seen = new Set<string>();
    for (const ref of dumps) {
      seen.add(ref.path);
      if (this.fs.busy(ref.path) || !listed.has(`${ref.k8s_namespace}/${ref.service}`)) continue;
      try {
        await this.refresh(ref, initial);
      } catch {
        errors++;
      }
    }
    for (const path of this.known.keys()) if (!seen.has(path)) this.known.delete(path);
    this.render(dumps);
    return errors;
  }

  private async refresh(ref: DumpRef, initial: boolean): Promise<void> {
    const st = await this.fs.stat(ref.path);
    const prior = this.known.get(ref.path);
    const isNew = !prior || prior.ino !== st.ino;
    const changed = isNew || prior.size !== st.size || prior.mtimeMs !== st.mtimeMs;
    const entry: Known = {
      ino: st.ino,
      size: st.size,
      mtimeMs: st.mtimeMs,
      ...(prior && !isNew ? { inspection: prior.inspection } : {}),
    };
    // An incomplete dump is looked at again: it may have been caught while being written.
    if (changed || !entry.inspection || !entry.inspection.complete) {
      const inspection = await this.fs.guard(ref.path, 'inspect', () =>
        inspectHeapDump(ref.path, { settleMs: 0 }),
      );
      // Growing since the last cycle: being written now, whatever its last bytes say.
      if (!isNew && prior.size !== st.size)
        Object.assign(inspection, { complete: false, reason: 'still being written' });
      entry.inspection = inspection;
    }
    this.known.set(ref.path, entry);
    if (isNew && !initial) {
      const format =
        entry.inspection.format === 'unknown' ? 'hprof' : entry.inspection.format === 'phd' ? 'phd' : 'hprof';
      this.created.inc({ k8s_namespace: ref.k8s_namespace, service: ref.service, format });
    }
  }

  private render(dumps: readonly DumpRef[]): void {
    this.files.reset();
    this.bytes.reset();
    this.incomplete.reset();
    this.last.reset();
    const newest = new Map<string, { labels: Record<string, string>; at: number }>();
    for (const ref of dumps) {
      const svc = { k8s_namespace: ref.k8s_namespace, service: ref.service };
      const known = this.known.get(ref.path);
      this.files.inc(svc);
      this.incomplete.inc(svc, known?.inspection && known.inspection.complete ? 0 : 1);
      if (!known) continue;
      this.bytes.inc(svc, known.size);
      const labels = { ...svc, pod: ref.pod ?? 'unknown' };
      const at = known.inspection?.createdEpochMs ?? known.mtimeMs;
      const key = JSON.stringify(labels);
      if ((newest.get(key)?.at ?? -1) < at) newest.set(key, { labels, at });
    }
    for (const { labels, at } of newest.values()) this.last.set(labels, at / 1000);
  }
}
