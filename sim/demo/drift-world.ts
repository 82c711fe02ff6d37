/**
 * The registry-drift part of the demo world: a Kubernetes simulator with the demo namespace's
 * Deployments and a Nacos simulator where they are registered, drifting the way real clusters
 * drift: a ghost instance of a killed pod that a zombie keeps beating for, a Ready pod that never
 * registered, an instance left disabled after a release, and a gateway rolled out every few
 * minutes with early registration and late deregistration (drift/rollout.ts).
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startKubeSim, type KubeSim } from '../k8s/index.js';
import type { KubeScenarioInput } from '../scenario/kubernetes.js';
import { startNacosSim, type NacosSim } from '../nacos/index.js';
import type { NacosScenarioInput } from '../nacos/scenario.js';
import { startRollouts } from './rollout.js';

/** The Kubernetes namespace and Nacos namespace of the demo services. */
export const DRIFT_DEMO_NAMESPACE = 'demo';

interface DemoApp {
  name: string;
  port: number;
  /** Pod IPs, one per replica, on node-1 then node-2. */
  ips: string[];
  /** IPs registered in Nacos (default: all pods). */
  registered?: string[];
  disabled?: boolean;
  persistent?: boolean;
}

const APPS: readonly DemoApp[] = [
  { name: 'gateway', port: 8080, ips: ['10.244.1.10', '10.244.2.10'] },
  { name: 'order-service', port: 8081, ips: ['10.244.1.11', '10.244.2.11'] },
  // user-service-…-2 is Ready but never registered (its Nacos address was wrong).
  { name: 'user-service', port: 8082, ips: ['10.244.1.12', '10.244.2.12'], registered: ['10.244.1.12'] },
  // After the last release someone forgot to enable pay-service again.
  { name: 'pay-service', port: 8083, ips: ['10.244.2.13'], disabled: true },
  { name: 'legacy-batch', port: 8084, ips: ['10.244.1.14'], persistent: true },
];

/** A killed order-service pod whose process lives on and keeps beating (a zombie). */
const GHOST = { service: 'order-service', ip: '10.244.1.99', port: 8081 };

function kubeScenario(): KubeScenarioInput {
  return {
    namespaces: [DRIFT_DEMO_NAMESPACE],
    nodes: [
      { name: 'node-1', podCIDR: '10.244.1.0/24', internalIP: '192.168.10.11', roles: ['worker'] },
      { name: 'node-2', podCIDR: '10.244.2.0/24', internalIP: '192.168.10.12', roles: ['worker'] },
    ],
    workloads: APPS.map((app) => ({
      name: app.name,
      namespace: DRIFT_DEMO_NAMESPACE,
      replicas: app.ips.length,
      image: `registry.local/mall/${app.name}:1.0.0`,
      ports: [{ containerPort: app.port, name: 'http' }],
      labels: { app: app.name },
      age: '3d',
      pods: app.ips.map((ip) => ({ ip, node: ip.startsWith('10.244.1.') ? 'node-1' : 'node-2' })),
    })),
  };
}

function nacosScenario(): NacosScenarioInput {
  return {
    version: '2.2',
    namespaces: [{ id: DRIFT_DEMO_NAMESPACE, name: DRIFT_DEMO_NAMESPACE }],
    services: APPS.map((app) => ({
      name: app.name,
      namespace: DRIFT_DEMO_NAMESPACE,
      instances: [
        ...(app.registered ?? app.ips).map((ip) => ({
          ip,
          port: app.port,
          enabled: app.disabled !== true,
          ephemeral: app.persistent !== true,
          metadata: { version: '1.0.0', 'preserved.register.source': 'SPRING_CLOUD' },
        })),
        ...(app.name === GHOST.service ? [{ ip: GHOST.ip, port: GHOST.port }] : []),
      ],
    })),
  };
}

/** The running drift world. */
export interface DriftDemo {
  kube: KubeSim;
  nacos: NacosSim;
  /** Kubeconfig file pointing at the Kubernetes simulator. */
  kubeconfig: string;
  stop(): Promise<void>;
}

/** Options of startDriftDemo. */
export interface DriftDemoOptions {
  /** Where the kubeconfig is written. */
  dir: string;
  /** Time between two gateway rollouts. @default 240000 */
  rolloutEveryMs?: number;
  onEvent?: (message: string) => void;
}

/** Starts both simulators with the drifting world and the periodic rollouts. */
export async function startDriftDemo(options: DriftDemoOptions): Promise<DriftDemo> {
  const onError = (what: string, err: unknown) =>
    options.onEvent?.(`${what} failed: ${err instanceof Error ? err.message : String(err)}`);
  const kube = await startKubeSim({ scenario: kubeScenario(), maxTerminationMs: 20_000, onError });
  let nacos: NacosSim;
  try {
    nacos = await startNacosSim({ scenario: nacosScenario(), onError });
  } catch (error) {
    await kube.close();
    throw error;
  }
  const kubeconfig = join(options.dir, 'kubeconfig');
  await writeFile(kubeconfig, kube.kubeconfig({ namespace: DRIFT_DEMO_NAMESPACE }), { mode: 0o600 });
  const rollouts = startRollouts(kube, nacos, {
    namespace: DRIFT_DEMO_NAMESPACE,
    workload: 'gateway',
    port: 8080,
    everyMs: options.rolloutEveryMs ?? 240_000,
    ...(options.onEvent ? { onEvent: options.onEvent } : {}),
  });
  return {
    kube,
    nacos,
    kubeconfig,
    async stop() {
      rollouts.stop();
      await nacos.close();
      await kube.close();
    },
  };
}
