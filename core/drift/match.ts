/**
 * Ties a registered instance to the pod behind it, as reference/nacos.md section 5 lays out
 * (first hit wins): identity metadata naming the pod; else (ip, port) with the port among any
 * container's ports (mandatory for hostNetwork pods, whose IP is the shared node IP); else the IP
 * alone for a non-hostNetwork pod, marked `port_unverified`. Among several live pods on one
 * address (an old pod still terminating, a new one already there) the non-terminating, newest one
 * wins and the match is marked contested.
 */
import { isTerminating, type PodInfo } from '../kube/pod.js';
import type { RegistryInstance } from '../ports/registry-source.js';
import { normaliseIp } from './ip.js';
import { isLive, type PodIndex } from './pod-index.js';
import type { DriftSettings } from './settings.js';
import type { MatchInfo } from './types.js';

/** A pod with how it was matched. */
export interface PodMatch {
  pod: PodInfo;
  info: MatchInfo;
}

/** What matching found for one instance. */
export type InstanceMatch =
  | ({ kind: 'matched' } & PodMatch)
  /** Identity metadata names a pod that no longer exists; `holder` is who has the address now. */
  | { kind: 'identity_gone'; named: string; holder: PodMatch | undefined }
  /** No live pod; `finished` is a Succeeded/Failed pod that had the address, if any. */
  | { kind: 'none'; finished: PodInfo | undefined };

function firstValue(metadata: Readonly<Record<string, string>>, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const value = metadata[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

function startOf(pod: PodInfo): number {
  return pod.startedAt ?? pod.createdAt ?? 0;
}

/** Non-terminating first, then the newest start. */
function pick(candidates: readonly PodInfo[]): PodInfo {
  return [...candidates].sort(
    (a, b) => Number(isTerminating(a)) - Number(isTerminating(b)) || startOf(b) - startOf(a),
  )[0]!;
}

/** Matches by address: (ip, port), else ip alone for non-hostNetwork pods. */
export function matchByAddress(ip: string, port: number, index: PodIndex): PodMatch | undefined {
  const atIp = index.liveAt(normaliseIp(ip));
  const withPort = atIp.filter((p) => p.containerPorts.some((c) => c.port === port));
  if (withPort.length > 0) {
    const pod = pick(withPort);
    return { pod, info: { rule: 'ip_port', portUnverified: false, contested: withPort.length > 1 } };
  }
  const ipOnly = atIp.filter((p) => !p.hostNetwork);
  if (ipOnly.length === 0) return undefined;
  return {
    pod: pick(ipOnly),
    info: { rule: 'ip', portUnverified: true, contested: ipOnly.length > 1 },
  };
}

interface Named {
  label: string;
  pod: PodInfo | undefined;
}

/** The pod identity metadata names, or undefined when the instance publishes none. */
function namedPod(
  instance: RegistryInstance,
  index: PodIndex,
  keys: DriftSettings['identityKeys'],
): Named | undefined {
  const uid = firstValue(instance.metadata, keys.podUid);
  if (uid) return { label: `uid ${uid}`, pod: index.byUid(uid) };
  const name = firstValue(instance.metadata, keys.podName);
  if (!name) return undefined;
  const namespace = firstValue(instance.metadata, keys.podNamespace);
  if (namespace) return { label: `${namespace}/${name}`, pod: index.byKey(`${namespace}/${name}`) };
  const same = index.byName(name);
  const ip = normaliseIp(instance.ip);
  const pod = same.length === 1 ? same[0] : same.find((p) => p.ips.some((i) => normaliseIp(i) === ip));
  return { label: name, pod };
}

/** Matches one instance to its pod. */
export function matchInstance(
  instance: RegistryInstance,
  index: PodIndex,
  keys: DriftSettings['identityKeys'],
): InstanceMatch {
  const named = namedPod(instance, index, keys);
  if (named?.pod && isLive(named.pod))
    return {
      kind: 'matched',
      pod: named.pod,
      info: { rule: 'identity', portUnverified: false, contested: false },
    };
  const byAddress = matchByAddress(instance.ip, instance.port, index);
  if (named) return { kind: 'identity_gone', named: named.label, holder: byAddress };
  if (byAddress) return { kind: 'matched', ...byAddress };
  return { kind: 'none', finished: index.finishedAt(normaliseIp(instance.ip))[0] };
}
