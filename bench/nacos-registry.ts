/**
 * Full registry read through the Nacos adapter: 1,000 services x 10 instances in 5 namespaces,
 * served by the simulator as each server generation, with auth on and concurrency 8. Reports the
 * read time (median of 3 reads after one warm-up) and the requests one read takes.
 */
import { createNacosRegistrySource } from '../adapters/nacos/index.js';
import { NACOS_VERSIONS, startNacosSim, type NacosSim, type NacosVersion } from '../sim/nacos/index.js';
import type { BenchReport } from './types.js';

const NAMESPACES = ['public', 'dev', 'test', 'uat', 'prod'];
const SERVICES = 1000;
const INSTANCES_PER_SERVICE = 10;
const GROUPS = ['DEFAULT_GROUP', 'PAY', 'BATCH'];
const READS = 3;
const TARGET_MS = 2000;

function fill(sim: NacosSim): void {
  for (const ns of NAMESPACES) sim.store.addNamespace({ id: ns });
  for (let s = 0; s < SERVICES; s++) {
    const namespaceId = NAMESPACES[s % NAMESPACES.length];
    const group = GROUPS[s % GROUPS.length];
    for (let i = 0; i < INSTANCES_PER_SERVICE; i++) {
      sim.store.register({
        namespaceId,
        group,
        service: `service-${s}`,
        ip: `10.${Math.floor(s / 250)}.${s % 250}.${i + 1}`,
        port: 8080,
        cluster: i < 8 ? 'DEFAULT' : 'GRAY',
        healthy: i !== 3,
        enabled: i !== 5,
        metadata: { 'k8s.pod.name': `service-${s}-${i}`, version: '1.0.0' },
        simBeating: true,
      });
    }
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function measure(version: NacosVersion): Promise<{ ms: number; requests: number; instances: number }> {
  const users = [{ username: 'nacos', password: 'nacos' }];
  const sim = await startNacosSim({ version, auth: { users } });
  const source = createNacosRegistrySource({
    serverAddr: sim.serverAddr,
    username: 'nacos',
    password: 'nacos',
    concurrency: 8,
  });
  try {
    fill(sim);
    await source.read();
    const times: number[] = [];
    let requests = 0;
    let instances = 0;
    for (let i = 0; i < READS; i++) {
      const started = performance.now();
      const snap = await source.read();
      times.push(performance.now() - started);
      requests = snap.requests;
      instances = snap.instances.length;
      if (snap.errors.length > 0)
        throw new Error(`read errors on ${version}: ${snap.errors[0]?.message ?? ''}`);
    }
    return { ms: Math.round(median(times)), requests, instances };
  } finally {
    source.close();
    await sim.close();
  }
}

/** Runs the benchmark for every simulated server version. */
export async function benchNacosRegistry(): Promise<BenchReport> {
  const figures: BenchReport['figures'] = {
    services: SERVICES,
    'instances per read': 0,
    concurrency: 8,
  };
  const targets: Record<string, string> = {};
  for (const version of NACOS_VERSIONS) {
    const r = await measure(version);
    figures['instances per read'] = r.instances;
    figures[`read ms (${version})`] = r.ms;
    figures[`requests (${version})`] = r.requests;
    targets[`read ms (${version})`] = `< ${TARGET_MS}`;
  }
  return {
    name: 'nacos registry full read, 1,000 services x 10 instances in 5 namespaces',
    figures,
    targets,
    notes: [
      '1.x/2.x read the v1 catalog, then catalog/instances per service cluster (the catalog lacks ephemeral/instanceId)',
      '3.x reads v3 admin service/list?withInstances=true, 100 services per page',
      'median of 3 reads after one warm-up; the token is reused, so no login inside the measured reads',
    ],
  };
}
