/**
 * The pods of one evaluation indexed the ways instances are matched to them: by UID, by
 * namespace/name, by (normalised) IP; plus the node addresses and the blocks counted as the
 * cluster's own when deciding whether an address is foreign.
 */
import { podKey, type PodInfo } from '../kube/pod.js';
import { blockOf, cidrContains, parseCidr, parseIp, normaliseIp, type Cidr, type IpBytes } from './ip.js';

/** Pods indexed for matching. */
export interface PodIndex {
  /** Every pod of the evaluation (finished ones included), by `namespace/name`. */
  byKey: ReadonlyMap<string, PodInfo>;
  byUid: ReadonlyMap<string, PodInfo>;
  /** Pods by name alone, for identity metadata that names no namespace. */
  byName: ReadonlyMap<string, readonly PodInfo[]>;
  /** Live pods (not Succeeded/Failed) by each of their IPs; hostNetwork pods under the node IP. */
  byIp: ReadonlyMap<string, readonly PodInfo[]>;
  /** Finished pods (Succeeded/Failed) by IP, to explain a stale instance. */
  finishedByIp: ReadonlyMap<string, readonly PodInfo[]>;
  /** Node addresses (pods' hostIP). */
  nodeIps: ReadonlySet<string>;
  /** Whether an address is inside the cluster's pod/service blocks (configured or inferred). */
  inCluster(ip: IpBytes): boolean;
}

/** True for pods that can still hold an address and serve. */
export function isLive(pod: PodInfo): boolean {
  return pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}

function push(map: Map<string, PodInfo[]>, key: string, pod: PodInfo): void {
  const list = map.get(key);
  if (list) list.push(pod);
  else map.set(key, [pod]);
}

function inferredBlocks(pods: readonly PodInfo[]): Set<string> {
  const blocks = new Set<string>();
  for (const pod of pods) {
    for (const ip of [...pod.ips, pod.hostIP ?? '']) {
      const bytes = parseIp(ip);
      if (bytes) blocks.add(blockOf(bytes, bytes.length === 4 ? 24 : 64));
    }
  }
  return blocks;
}

/** Indexes pods. `clusterCidrs` empty: the cluster's blocks are inferred from the pods' addresses. */
export function indexPods(pods: readonly PodInfo[], clusterCidrs: readonly string[]): PodIndex {
  const byKey = new Map<string, PodInfo>();
  const byUid = new Map<string, PodInfo>();
  const byName = new Map<string, PodInfo[]>();
  const byIp = new Map<string, PodInfo[]>();
  const finishedByIp = new Map<string, PodInfo[]>();
  const nodeIps = new Set<string>();
  for (const pod of pods) {
    byKey.set(podKey(pod), pod);
    if (pod.uid) byUid.set(pod.uid, pod);
    push(byName, pod.name, pod);
    if (pod.hostIP) nodeIps.add(normaliseIp(pod.hostIP));
    const target = isLive(pod) ? byIp : finishedByIp;
    const ips = pod.hostNetwork && pod.ips.length === 0 && pod.hostIP ? [pod.hostIP] : pod.ips;
    for (const ip of new Set(ips.map(normaliseIp))) push(target, ip, pod);
  }
  const configured = clusterCidrs.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  const inferred = configured.length === 0 ? inferredBlocks(pods) : new Set<string>();
  const blocks = configured.length > 0 ? configured : [...inferred].map((b) => parseCidr(b)!);
  return {
    byKey,
    byUid,
    byName,
    byIp,
    finishedByIp,
    nodeIps,
    inCluster: (ip) => blocks.some((b) => cidrContains(b, ip)),
  };
}
