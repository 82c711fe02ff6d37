import { Gauge, type Registry } from 'prom-client';
import { NAS_USAGE_KINDS } from '../../core/nas/usage.js';
import type { NasUsageScanner } from './usage-scanner.js';

/**
 * `opsctl_nas_usage_bytes` and `opsctl_nas_reclaimable_bytes` from the scanner's tree, read when
 * the registry is rendered: services that are gone disappear, and a service shows up once all
 * its folders were read. Reclaimable bytes are only emitted where the live pods were known.
 */
export function registerUsageMetrics(registry: Registry, scanner: NasUsageScanner): void {
  const registers = [registry];
  new Gauge({
    name: 'opsctl_nas_usage_bytes',
    help: 'Bytes of files per service folder on the NAS, by kind (gc, dump, log, archive, tools, other).',
    labelNames: ['k8s_namespace', 'service', 'kind'],
    registers,
    collect() {
      this.reset();
      for (const t of scanner.tree.totals())
        for (const kind of NAS_USAGE_KINDS)
          this.set({ k8s_namespace: t.namespace, service: t.service, kind }, t.bytes[kind]);
    },
  });
  new Gauge({
    name: 'opsctl_nas_reclaimable_bytes',
    help: 'Bytes opsctl clean-logs would free now: files of pods that no longer exist (only when the live pods are known).',
    labelNames: ['k8s_namespace', 'service'],
    registers,
    collect() {
      this.reset();
      for (const t of scanner.tree.totals())
        if (t.reclaimableBytes !== undefined)
          this.set({ k8s_namespace: t.namespace, service: t.service }, t.reclaimableBytes);
    },
  });
  new Gauge({
    name: 'opsctl_nas_usage_last_pass_timestamp_seconds',
    help: 'End of the last complete pass of the NAS usage scan.',
    registers,
    collect() {
      const pass = scanner.lastPass;
      if (pass) this.set((pass.startedMs + pass.durationMs) / 1000);
    },
  });
  new Gauge({
    name: 'opsctl_nas_usage_last_pass_duration_seconds',
    help: 'How long the last complete pass of the NAS usage scan took (over many slices).',
    registers,
    collect() {
      const pass = scanner.lastPass;
      if (pass) this.set(pass.durationMs / 1000);
    },
  });
}
