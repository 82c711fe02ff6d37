/**
 * The `kubernetes:` part of a scenario file: namespaces, nodes, workloads (deployment ->
 * replicaset -> pods), explicit pods, denials and a timeline of changes. Durations are strings
 * like `30s` or `3d`; every field but names has a default so small scenarios stay small.
 */
import { z } from 'zod';
import { parseScenarioDuration } from './duration.js';

const duration = z.union([z.string(), z.number()]).refine((v) => !Number.isNaN(parseScenarioDuration(v)), {
  message: 'expected a duration such as "30s", "5m", "2h" or "3d"',
});

const dnsLabel = z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'expected a lowercase DNS label');
const dnsName = z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'expected a lowercase DNS name');
const stringMap = z.record(z.string(), z.string());
const ipv4 = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}$/, 'expected an IPv4 address');

const port = z.union([
  z.number().int().min(1).max(65535),
  z
    .object({
      containerPort: z.number().int().min(1).max(65535),
      name: z.string().optional(),
      protocol: z.enum(['TCP', 'UDP', 'SCTP']).optional(),
    })
    .strict(),
]);

const container = z
  .object({
    name: dnsLabel,
    image: z.string().min(1),
    ports: z.array(port).optional(),
    env: z.array(z.object({ name: z.string(), value: z.string().optional() }).strict()).optional(),
    command: z.array(z.string()).optional(),
    args: z.array(z.string()).optional(),
  })
  .strict();

/** What a pod looks like; shared by workloads (template) and explicit pods. */
const podShape = {
  labels: stringMap.optional(),
  annotations: stringMap.optional(),
  /** Full container list; or `image` + `ports` for a single container named after the pod/workload. */
  containers: z.array(container).min(1).optional(),
  image: z.string().min(1).optional(),
  ports: z.array(port).optional(),
  hostNetwork: z.boolean().default(false),
  node: dnsName.optional(),
};

/** Per-pod state. */
const podState = {
  ready: z.boolean().optional(),
  phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed']).optional(),
  age: duration.optional(),
  restarts: z.number().int().min(0).optional(),
  ip: ipv4.optional(),
};

const workload = z
  .object({
    name: dnsLabel,
    namespace: dnsLabel.default('default'),
    replicas: z.number().int().min(0).default(1),
    ...podShape,
    podAnnotations: stringMap.optional(),
    /** How many of the pods are ready (the first N). Default: all. */
    ready: z.number().int().min(0).optional(),
    restarts: z.number().int().min(0).default(0),
    age: duration.default('1d'),
    podAge: duration.optional(),
    /** Per-replica overrides, by index. */
    pods: z
      .array(z.object({ name: dnsName.optional(), node: dnsName.optional(), ...podState }).strict())
      .optional(),
  })
  .strict();

const pod = z
  .object({ name: dnsName, namespace: dnsLabel.default('default'), ...podShape, ...podState })
  .strict();

const namespace = z.union([
  dnsLabel,
  z
    .object({
      name: dnsLabel,
      labels: stringMap.optional(),
      annotations: stringMap.optional(),
      age: duration.optional(),
    })
    .strict(),
]);

const node = z
  .object({
    name: dnsName,
    podCIDR: z
      .string()
      .regex(/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$/, 'expected a CIDR such as 10.244.1.0/24')
      .optional(),
    internalIP: ipv4.optional(),
    labels: stringMap.optional(),
    roles: z.array(dnsLabel).optional(),
    ready: z.boolean().default(true),
    unschedulable: z.boolean().default(false),
    age: duration.default('30d'),
  })
  .strict();

const denial = z
  .object({
    verbs: z.array(z.string().min(1)).min(1),
    resources: z.array(z.string().min(1)).min(1),
    namespaces: z.array(z.string()).optional(),
    users: z.array(z.string().min(1)).optional(),
    reason: z.string().optional(),
  })
  .strict();

const target = {
  /** `<namespace>/<name>` of a pod. */
  pod: z
    .string()
    .regex(/^[a-z0-9-]+\/[a-z0-9.-]+$/, 'expected <namespace>/<pod>')
    .optional(),
  /** `<namespace>/<name>` of a workload, with `index` picking one of its pods (oldest first). */
  workload: z
    .string()
    .regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'expected <namespace>/<workload>')
    .optional(),
  index: z.number().int().min(0).default(0),
};

const timelineEntry = z.discriminatedUnion('action', [
  z
    .object({
      at: duration,
      action: z.literal('setReady'),
      ready: z.boolean(),
      container: z.string().optional(),
      ...target,
    })
    .strict(),
  z
    .object({
      at: duration,
      action: z.literal('terminate'),
      gracePeriodSeconds: z.number().int().min(0).optional(),
      ...target,
    })
    .strict(),
  z.object({ at: duration, action: z.literal('delete'), ...target }).strict(),
  z
    .object({
      at: duration,
      action: z.literal('restart'),
      container: z.string().optional(),
      reason: z.string().optional(),
      ...target,
    })
    .strict(),
  z.object({ at: duration, action: z.literal('reuseIp'), ...target }).strict(),
  z
    .object({
      at: duration,
      action: z.literal('scale'),
      workload: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/),
      replicas: z.number().int().min(0),
    })
    .strict(),
  z.object({ at: duration, action: z.literal('createPod'), spec: pod }).strict(),
]);

/** The `kubernetes:` part of a scenario. */
export const kubeScenarioSchema = z
  .object({
    /** gitVersion served by /version and reported by nodes. */
    serverVersion: z
      .string()
      .regex(/^v\d+\.\d+\.\d+/, 'expected a version such as v1.31.4')
      .default('v1.31.4'),
    /** User of generated kubeconfigs. */
    user: z.string().min(1).default('opsctl'),
    /** Seed of generated names and UIDs. */
    seed: z.number().int().default(42),
    namespaces: z.array(namespace).default([]),
    nodes: z.array(node).default([]),
    workloads: z.array(workload).default([]),
    pods: z.array(pod).default([]),
    denials: z.array(denial).default([]),
    timeline: z.array(timelineEntry).default([]),
  })
  .strict();

/** A validated kubernetes scenario (defaults applied). */
export type KubeScenario = z.infer<typeof kubeScenarioSchema>;
/** A kubernetes scenario as written (defaults optional). */
export type KubeScenarioInput = z.input<typeof kubeScenarioSchema>;
/** One scenario workload. */
export type ScenarioWorkload = KubeScenario['workloads'][number];
/** One explicit scenario pod. */
export type ScenarioPod = KubeScenario['pods'][number];
/** One scenario node. */
export type ScenarioNode = KubeScenario['nodes'][number];
/** One timeline entry. */
export type TimelineEntry = KubeScenario['timeline'][number];
