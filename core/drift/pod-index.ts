/**
 * The pods of one evaluation indexed the ways instances are matched to them: by (normalised) IP
 * always; by UID, namespace/name and name only when some instance publishes identity metadata
 * (built on first use); plus the node addresses and the blocks counted as the cluster's own when
 * deciding whether an address is foreign (also built on first use: most evaluations never ask).
 */
import { podKey, type PodInfo } from '../kube/pod.js';
import { cidrContains, defaultBlockOf, parseCidr, normaliseIp, type Cidr, type IpBytes } from './ip.js';

/** Pods indexed for matching. */
export interface PodIndex {
  /** A pod (finished ones included) by `namespace/name`. */
  byKey(key: string): PodInfo | undefined;
  byUid(uid: string): PodInfo | undefined;
  /** Pods by name alone, for identity metadata that names no namespace. */
  byName(name: string): readonly PodInfo[];
  /** Live pods (not Succeeded/Failed) at a normalised IP; hostNetwork pods under the node IP. */
  liveAt(ip: string): readonly PodInfo[];
  /** Finished pods (Succeeded/Failed) at a normalised IP, to explain a stale instance. */
  finishedAt(ip: string): readonly PodInfo[];
  /** Node addresses (pods' hostIP). */
  nodeIps: ReadonlySet<string>;
  /** Whether an address is inside the cluster's pod/service blocks (configured or inferred). */
  inCluster(ip: IpBytes): boolean;
}

/** True for pods that can still hold an address and serve. */
export function isLive(pod: PodInfo): boolean {
  return pod.phase !== 'Succeeded' && pod.phase !== 'Failed';
}

function push<K>(map: Map<K, PodInfo[]>, key: K, pod: PodInfo): void {
  const list = map.get(key);
  if (list) list.push(pod);
  else map.set(key, [pod]);
}

/** Pods by IP; one pod per address is the rule, so a lone pod is kept without an array. */
type ByIp = Map<string, PodInfo | PodInfo[]>;

const NONE: readonly PodInfo[] = [];

function add(map: ByIp, ip: string, pod: PodInfo): void {
  const found = map.get(ip);
  if (found === undefined) map.set(ip, pod);
  else if (Array.isArray(found)) found.push(pod);
  else map.set(ip, [found, pod]);
}

function at(map: ByIp, ip: string): readonly PodInfo[] {
  const found = map.get(ip);
  return found === undefined ? NONE : Array.isArray(found) ? found : [found];
}

function inferredBlocks(pods: readonly PodInfo[]): Cidr[] {
  const blocks = new Set<string>();
  const add = (ip: string | undefined) => {
    const block = ip === undefined ? undefined : defaultBlockOf(ip);
    if (block) blocks.add(block);
  };
  for (const pod of pods) {
    for (const ip of pod.ips) add(ip);
    add(pod.hostIP);
  }
  return [...blocks].map((b) => parseCidr(b)!);
}

/** Builds a map on first use. */
function lazy<T>(build: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= build());
}

/** Indexes pods. `clusterCidrs` empty: the cluster's blocks are inferred from the pods' addresses. */
export function indexPods(pods: readonly PodInfo[], clusterCidrs: readonly string[]): PodIndex {
  const live: ByIp = new Map();
  const finished: ByIp = new Map();
  const nodeIps = new Set<string>();
  for (const pod of pods) {
    if (pod.hostIP) nodeIps.add(normaliseIp(pod.hostIP));
    const target = isLive(pod) ? live : finished;
    const ips = pod.hostNetwork && pod.ips.length === 0 && pod.hostIP ? [pod.hostIP] : pod.ips;
    if (ips.length === 1) add(target, normaliseIp(ips[0]!), pod);
    else for (const ip of new Set(ips.map(normaliseIp))) add(target, ip, pod);
  }
  const keys = lazy(() => new Map(pods.map((p) => [podKey(p), p])));
  const uids = lazy(() => new Map(pods.filter((p) => p.uid).map((p) => [p.uid, p])));
  const names = lazy(() => {
    const map = new Map<string, PodInfo[]>();
    for (const pod of pods) push(map, pod.name, pod);
    return map;
  });
  const configured = clusterCidrs.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  const blocks = lazy(() => (configured.length > 0 ? configured : inferredBlocks(pods)));
  return {
    byKey: (key) => keys().get(key),
    byUid: (uid) => uids().get(uid),
    byName: (name) => names().get(name) ?? [],
    liveAt: (ip) => at(live, ip),
    finishedAt: (ip) => at(finished, ip),
    nodeIps,
    inCluster: (ip) => blocks().some((b) => cidrContains(b, ip)),
  };
}
