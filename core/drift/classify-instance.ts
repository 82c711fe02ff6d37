/**
 * The drift kinds of one registered instance: `foreign_ip` (an address no pod, node or cluster
 * block has), `stale` (no live pod behind it), `ip_reused` (the pod now on the address is not
 * the one that registered), and, with the right pod, `healthy_not_ready`, `ready_unhealthy` and
 * `ready_disabled`. `duplicate` looks at several instances at once (classify-duplicates.ts).
 */
import { isTerminating, type PodInfo } from '../kube/pod.js';
import type { RegistryInstance } from '../ports/registry-source.js';
import { instanceCandidate, instanceKey, podRefOf, type DetectContext } from './context.js';
import { foreignReason, normaliseIp, parseIp } from './ip.js';
import type { InstanceMatch, PodMatch } from './match.js';
import { notReadyReason, podStart, readySince, servesTraffic } from './pod-state.js';
import { serviceKey, type DriftCandidate } from './types.js';

function describeAddress(i: RegistryInstance): string {
  return `${i.ip}:${i.port}`;
}

function foreign(ctx: DetectContext, instance: RegistryInstance, match: InstanceMatch) {
  const ip = normaliseIp(instance.ip);
  const { index } = ctx;
  if (index.liveAt(ip).length > 0 || index.finishedAt(ip).length > 0 || index.nodeIps.has(ip))
    return undefined;
  const bytes = parseIp(instance.ip);
  if (bytes && index.inCluster(bytes)) return undefined;
  const pod = match.kind === 'matched' ? match.pod : undefined;
  return instanceCandidate(instance, {
    kind: 'foreign_ip',
    reason: bytes ? foreignReason(bytes) : 'outside_cluster',
    detail: `${instance.ip} is no pod or node address and outside the cluster's blocks${
      pod ? ` (registered by pod ${pod.namespace}/${pod.name}, whose IPs are ${pod.ips.join(', ')})` : ''
    }`,
    ...(pod ? { pod: podRefOf(pod) } : {}),
  });
}

function stale(instance: RegistryInstance, why: string): DriftCandidate {
  return instanceCandidate(instance, {
    kind: 'stale',
    reason: instance.ephemeral ? 'ephemeral' : 'persistent',
    detail: `${why}; Nacos still lists ${describeAddress(instance)} (${instance.healthy ? 'healthy' : 'unhealthy'})`,
  });
}

function reused(ctx: DetectContext, instance: RegistryInstance, m: PodMatch): DriftCandidate | undefined {
  if (m.info.rule === 'identity') return undefined;
  const expected = ctx.expectations.get(m.pod.uid);
  const name = `${m.pod.namespace}/${m.pod.name}`;
  const base = { pod: podRefOf(m.pod), match: m.info, evidenceSince: podStart(m.pod) };
  if (expected !== undefined && (expected === 'opted_out' || expected.length > 0)) {
    const own = serviceKey(instance);
    if (expected !== 'opted_out' && expected.some((e) => serviceKey(e.service) === own)) return undefined;
    const wanted =
      expected === 'opted_out' ? 'no service (opted out)' : expected.map((e) => e.service.service).join(', ');
    return instanceCandidate(instance, {
      kind: 'ip_reused',
      reason: 'other_service',
      detail: `pod ${name} now holds ${instance.ip} but belongs to ${wanted}, not ${instance.service}`,
      ...base,
    });
  }
  const firstSeen = ctx.history.instanceFirstSeen(instanceKey(instance));
  const started = podStart(m.pod);
  if (firstSeen === undefined || started === undefined || started <= firstSeen) return undefined;
  return instanceCandidate(instance, {
    kind: 'ip_reused',
    reason: 'newer_pod',
    detail: `pod ${name} started after ${describeAddress(instance)} was registered; it cannot have registered it`,
    ...base,
  });
}

function podStateKinds(ctx: DetectContext, instance: RegistryInstance, m: PodMatch): DriftCandidate[] {
  const { pod, info } = m;
  const base = { pod: podRefOf(pod), match: info };
  const name = `pod ${pod.namespace}/${pod.name}`;
  const out: DriftCandidate[] = [];
  if (!servesTraffic(pod)) {
    if (instance.healthy && instance.enabled && instance.weight > 0) {
      const { reason, since } = notReadyReason(pod, ctx.history.seenReady(pod.uid));
      const state = isTerminating(pod) ? 'is terminating' : `is not Ready (${pod.phase})`;
      out.push(
        instanceCandidate(instance, {
          kind: 'healthy_not_ready',
          reason,
          detail: `${name} ${state} but Nacos sends traffic to ${describeAddress(instance)}`,
          evidenceSince: since,
          ...base,
        }),
      );
    }
    return out;
  }
  const since = readySince(pod);
  if (!instance.healthy)
    out.push(
      instanceCandidate(instance, {
        kind: 'ready_unhealthy',
        reason: instance.ephemeral ? 'ephemeral' : 'persistent',
        detail: `${name} is Ready but Nacos marks ${describeAddress(instance)} unhealthy`,
        evidenceSince: since,
        ...base,
      }),
    );
  if (!instance.enabled || instance.weight <= 0)
    out.push(
      instanceCandidate(instance, {
        kind: 'ready_disabled',
        reason: instance.enabled ? 'zero_weight' : 'disabled',
        detail: `${name} is Ready but ${describeAddress(instance)} is ${instance.enabled ? 'at weight 0' : 'disabled'}`,
        evidenceSince: since,
        ...base,
      }),
    );
  return out;
}

/** Drift kinds of one instance given its match. */
export function classifyInstance(
  ctx: DetectContext,
  instance: RegistryInstance,
  match: InstanceMatch,
): DriftCandidate[] {
  const outside = foreign(ctx, instance, match);
  if (outside) return [outside];
  if (match.kind === 'none') {
    const finished = match.finished;
    const why = finished
      ? `pod ${finished.namespace}/${finished.name} that had ${instance.ip} has ${finished.phase.toLowerCase()}`
      : `no pod holds ${instance.ip}`;
    return [stale(instance, why)];
  }
  if (match.kind === 'identity_gone') {
    if (!match.holder) return [stale(instance, `pod ${match.named} named in its metadata is gone`)];
    const holder: PodInfo = match.holder.pod;
    return [
      instanceCandidate(instance, {
        kind: 'ip_reused',
        reason: 'identity_mismatch',
        detail: `registered by pod ${match.named}, which is gone; ${holder.namespace}/${holder.name} holds ${instance.ip} now`,
        pod: podRefOf(holder),
        match: match.holder.info,
        evidenceSince: podStart(holder),
      }),
    ];
  }
  const reuse = reused(ctx, instance, match);
  return reuse ? [reuse] : podStateKinds(ctx, instance, match);
}
