/**
 * The `nacos:` part of a scenario file: server version, auth users, namespaces, services with
 * their instances, and a timeline of changes (stop beating, disable, deregister...). Validation
 * lists every problem with its path (`nacos.services[2].instances[0].port: ...`).
 */
import { z } from 'zod';
import { ExitCode, OpsError } from '../../core/errors.js';
import { parseScenarioDuration } from '../scenario/duration.js';
import { DEFAULT_CLUSTER, DEFAULT_GROUP, NACOS_VERSIONS, PUBLIC_NAMESPACE } from './model.js';

const duration = z.union([z.string(), z.number()]).refine((v) => !Number.isNaN(parseScenarioDuration(v)), {
  message: 'expected a duration like 30s, 5m, 250ms',
});

const metadata = z
  .record(z.string(), z.union([z.string(), z.number(), z.boolean()]))
  .transform((m) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, String(v)])));

const instance = z
  .object({
    ip: z.string().min(1),
    port: z.number().int().min(0).max(65535),
    cluster: z.string().min(1).default(DEFAULT_CLUSTER),
    weight: z.number().min(0).max(10000).default(1),
    healthy: z.boolean().default(true),
    enabled: z.boolean().default(true),
    ephemeral: z.boolean().default(true),
    metadata: metadata.default({}),
    instanceId: z.string().min(1).optional(),
    /** The simulator beats for this ephemeral instance until a `stopBeating` entry. */
    beating: z.boolean().default(true),
  })
  .strict();

const service = z
  .object({
    name: z.string().min(1),
    namespace: z.string().default(PUBLIC_NAMESPACE),
    group: z.string().min(1).default(DEFAULT_GROUP),
    protectThreshold: z.number().min(0).max(1).default(0),
    metadata: metadata.default({}),
    instances: z.array(instance).default([]),
  })
  .strict();

const target = {
  namespace: z.string().default(PUBLIC_NAMESPACE),
  group: z.string().min(1).default(DEFAULT_GROUP),
  service: z.string().min(1),
  ip: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  cluster: z.string().min(1).default(DEFAULT_CLUSTER),
};

const timelineEntry = z.discriminatedUnion('action', [
  z.object({ at: duration, action: z.literal('stopBeating'), ...target }).strict(),
  z.object({ at: duration, action: z.literal('startBeating'), ...target }).strict(),
  z.object({ at: duration, action: z.literal('disable'), ...target }).strict(),
  z.object({ at: duration, action: z.literal('enable'), ...target }).strict(),
  z.object({ at: duration, action: z.literal('deregister'), ...target }).strict(),
  z.object({ at: duration, action: z.literal('setHealthy'), healthy: z.boolean(), ...target }).strict(),
  z
    .object({ at: duration, action: z.literal('setWeight'), weight: z.number().min(0).max(10000), ...target })
    .strict(),
  z
    .object({
      at: duration,
      action: z.literal('register'),
      namespace: target.namespace,
      group: target.group,
      service: target.service,
      instance,
    })
    .strict(),
]);

/** Schema of the `nacos:` key. */
export const nacosScenarioSchema = z
  .object({
    version: z.enum(NACOS_VERSIONS).default('2.2'),
    auth: z
      .object({
        users: z
          .array(
            z
              .object({
                username: z.string().min(1),
                password: z.string().min(1),
                namespaces: z.array(z.string()).optional(),
              })
              .strict(),
          )
          .min(1),
        tokenTtlSeconds: z.number().int().positive().default(18_000),
      })
      .strict()
      .optional(),
    namespaces: z
      .array(
        z
          .object({ id: z.string().min(1), name: z.string().optional(), description: z.string().optional() })
          .strict(),
      )
      .default([]),
    services: z.array(service).default([]),
    timeline: z.array(timelineEntry).default([]),
  })
  .strict();

/** A validated `nacos:` scenario. */
export type NacosScenario = z.output<typeof nacosScenarioSchema>;
/** What a scenario file may say (defaults not yet applied). */
export type NacosScenarioInput = z.input<typeof nacosScenarioSchema>;
/** One timeline entry. */
export type NacosTimelineEntry = NacosScenario['timeline'][number];

/** One problem found in a scenario, with its path inside the `nacos:` key. */
export interface ScenarioIssue {
  path: (string | number)[];
  message: string;
}

function known(s: NacosScenario): Set<string> {
  return new Set([PUBLIC_NAMESPACE, ...s.namespaces.map((n) => n.id)]);
}

/** Cross-reference checks the schema cannot express: unknown namespaces, duplicate instances. */
export function checkNacosScenario(s: NacosScenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const spaces = known(s);
  const seenServices = new Set<string>();
  s.services.forEach((svc, i) => {
    if (!spaces.has(svc.namespace))
      issues.push({
        path: ['services', i, 'namespace'],
        message: `namespace "${svc.namespace}" is not declared`,
      });
    const key = `${svc.namespace}/${svc.group}@@${svc.name}`;
    if (seenServices.has(key))
      issues.push({ path: ['services', i, 'name'], message: `service ${key} is listed twice` });
    seenServices.add(key);
    const seen = new Set<string>();
    svc.instances.forEach((inst, j) => {
      const id = `${inst.ip}:${inst.port}/${inst.cluster}`;
      if (seen.has(id))
        issues.push({
          path: ['services', i, 'instances', j],
          message: `instance ${id} is listed twice in ${key}`,
        });
      seen.add(id);
    });
  });
  s.timeline.forEach((entry, i) => {
    if (!spaces.has(entry.namespace))
      issues.push({
        path: ['timeline', i, 'namespace'],
        message: `namespace "${entry.namespace}" is not declared`,
      });
  });
  return issues;
}

function formatPath(path: readonly PropertyKey[]): string {
  let out = 'nacos';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `.${String(p)}`;
  return out;
}

/**
 * Validates the `nacos:` part of a scenario; throws OpsError `E_SCENARIO_INVALID` (exit 78)
 * listing every problem by path.
 */
export function parseNacosScenario(data: unknown, source = 'scenario'): NacosScenario {
  const parsed = nacosScenarioSchema.safeParse(data ?? {});
  const problems = parsed.success
    ? checkNacosScenario(parsed.data).map((i) => `${formatPath(i.path)}: ${i.message}`)
    : parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message.replace(/^Invalid input: /, '')}`);
  if (!parsed.success || problems.length > 0) {
    throw new OpsError(`scenario ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
      code: 'E_SCENARIO_INVALID',
      exitCode: ExitCode.config,
      hints: ['fix the listed fields; see sim/nacos/scenario.ts for every setting'],
    });
  }
  return parsed.data;
}
