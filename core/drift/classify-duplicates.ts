/**
 * `duplicate`: one address registered in more than one service or cluster (`same_address`), or
 * one pod registered more than once in a service (`same_pod`: several NICs, a management port).
 */
import type { RegistryInstance } from '../ports/registry-source.js';
import { instanceCandidate, podRefOf } from './context.js';
import { normaliseIp } from './ip.js';
import type { PodMatch } from './match.js';
import { serviceKey, type DriftCandidate } from './types.js';

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function where(i: RegistryInstance): string {
  return `${i.nacosNamespace}/${i.group}@@${i.service} (cluster ${i.cluster})`;
}

/**
 * Duplicate candidates among instances; `matches` gives each matched instance's pod. Instances in
 * `explained` (a foreign or reused address) are left out of `same_pod`: that finding already
 * says what is wrong with them, and the pod's right registration is no duplicate.
 */
export function classifyDuplicates(
  instances: readonly RegistryInstance[],
  matches: ReadonlyMap<RegistryInstance, PodMatch>,
  explained: ReadonlySet<RegistryInstance>,
): DriftCandidate[] {
  const out: DriftCandidate[] = [];
  const flagged = new Set<RegistryInstance>();
  for (const group of groupBy(instances, (i) => `${normaliseIp(i.ip)}:${i.port}`).values()) {
    if (group.length < 2) continue;
    for (const instance of group) {
      flagged.add(instance);
      const others = group.filter((g) => g !== instance).map(where);
      const m = matches.get(instance);
      out.push(
        instanceCandidate(instance, {
          kind: 'duplicate',
          reason: 'same_address',
          detail: `${instance.ip}:${instance.port} is also registered in ${others.join(', ')}`,
          ...(m ? { pod: podRefOf(m.pod), match: m.info } : {}),
        }),
      );
    }
  }
  const matched = instances.filter((i) => matches.has(i) && !flagged.has(i) && !explained.has(i));
  const perPod = groupBy(matched, (i) => `${matches.get(i)!.pod.uid}|${serviceKey(i)}`);
  for (const group of perPod.values()) {
    if (group.length < 2) continue;
    const addresses = group.map((i) => `${i.ip}:${i.port}/${i.cluster}`).join(', ');
    for (const instance of group) {
      const m = matches.get(instance)!;
      out.push(
        instanceCandidate(instance, {
          kind: 'duplicate',
          reason: 'same_pod',
          detail: `pod ${m.pod.namespace}/${m.pod.name} is registered ${group.length} times in ${instance.service}: ${addresses}`,
          pod: podRefOf(m.pod),
          match: m.info,
        }),
      );
    }
  }
  return out;
}
