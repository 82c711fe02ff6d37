import type { JvmCollector } from '../jvm/launch.js';

/** One JVM service of the demo world, with the pods that run it now. */
export interface DemoService {
  name: string;
  collector: JvmCollector;
  pods: string[];
  heapMb: number;
  /** MB/s allocated by each pod's workload. */
  rateMb: number;
  liveMb: number;
  systemGcS?: number;
}

/** The demo namespace: realistic Spring Cloud service names and Deployment pod names. */
export const DEMO_NAMESPACE = 'demo';

export const DEMO_SERVICES: readonly DemoService[] = [
  {
    name: 'gateway',
    collector: 'G1',
    pods: ['gateway-5d8f7c9b6-x2x7q', 'gateway-5d8f7c9b6-k8j3w'],
    heapMb: 96,
    rateMb: 12,
    liveMb: 24,
  },
  {
    name: 'order-service',
    collector: 'Parallel',
    pods: ['order-service-7c6b8d5f4-q8m2n'],
    heapMb: 64,
    rateMb: 10,
    liveMb: 16,
  },
  {
    name: 'user-service',
    collector: 'ZGC',
    pods: ['user-service-6f9d4c7b8-h4k5t'],
    heapMb: 96,
    rateMb: 8,
    liveMb: 16,
  },
  {
    name: 'pay-service',
    collector: 'Shenandoah',
    pods: ['pay-service-84b7f6d9c-w7r4p'],
    heapMb: 64,
    rateMb: 6,
    liveMb: 12,
  },
  {
    name: 'legacy-batch',
    collector: 'Serial',
    pods: ['legacy-batch-5b6c7d8f9-z9v2c'],
    heapMb: 48,
    rateMb: 6,
    liveMb: 8,
    systemGcS: 20,
  },
];

/** A service whose pods leak until OutOfMemoryError, so the demo shows heap dumps appear. */
export const DEMO_OOM_SERVICE = { name: 'report-service', collector: 'G1' as JvmCollector, heapMb: 24 };

/** Deployment-like pod names for the OOM service's successive pods. */
export function oomPodName(index: number): string {
  const suffixes = ['t5x9k', 'b2m7q', 'r8w4z', 'n3c6v', 'h7p2d'];
  return `report-service-69d7b5c8f-${suffixes[index % suffixes.length] ?? 'x0x0x'}`;
}
