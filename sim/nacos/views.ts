/**
 * JSON shapes the server answers, per version: full Instance objects, the console's reduced host
 * view, ServiceInfo for client lists (with the protection-threshold rewrite), service views and
 * namespaces.
 */
import {
  PUBLIC_NAMESPACE,
  beatTimings,
  groupedName,
  type NacosVersion,
  type SimInstance,
  type SimNamespace,
  type SimService,
} from './model.js';
import { allIpsKey, generationOf, publicShownAsEmpty } from './versions.js';

/** A full Instance object (`api/naming/pojo/Instance`). */
export function instanceJson(
  inst: SimInstance,
  svc: SimService,
  version: NacosVersion,
): Record<string, unknown> {
  const t = beatTimings(inst.metadata);
  const out: Record<string, unknown> = {
    instanceId: inst.instanceId,
    ip: inst.ip,
    port: inst.port,
    weight: inst.weight,
    healthy: inst.healthy,
    enabled: inst.enabled,
    ephemeral: inst.ephemeral,
    clusterName: inst.clusterName,
    serviceName: groupedName(svc.groupName, svc.name),
    metadata: inst.metadata,
    instanceHeartBeatInterval: t.interval,
    instanceHeartBeatTimeOut: t.timeout,
    ipDeleteTimeout: t.deleteTimeout,
    instanceIdGenerator: 'simple',
  };
  if (generationOf(version) === 1)
    Object.assign(out, { valid: inst.healthy, marked: false, lastBeat: inst.lastBeat });
  return out;
}

/** The console catalog's host view (IpAddressInfo). */
export function ipAddressJson(inst: SimInstance): Record<string, unknown> {
  return {
    valid: inst.healthy,
    marked: false,
    ip: inst.ip,
    port: inst.port,
    weight: inst.weight,
    metadata: inst.metadata,
    enabled: inst.enabled,
  };
}

function clusterMap(
  svc: SimService,
  host: (i: SimInstance) => Record<string, unknown>,
): Record<string, unknown> {
  const map: Record<string, { hosts: Record<string, unknown>[] }> = {};
  for (const inst of svc.instances.values()) (map[inst.clusterName] ??= { hosts: [] }).hosts.push(host(inst));
  return map;
}

/** A service with its instances grouped by cluster: v1 catalog (reduced hosts) or v3 admin (full). */
export function serviceDetailJson(svc: SimService, version: NacosVersion): Record<string, unknown> {
  if (generationOf(version) === 3) {
    return {
      namespaceId: svc.namespaceId,
      serviceName: svc.name,
      groupName: svc.groupName,
      metadata: svc.metadata,
      clusterMap: clusterMap(svc, (i) => instanceJson(i, svc, version)),
    };
  }
  return {
    serviceName: svc.name,
    groupName: svc.groupName,
    metadata: svc.metadata,
    clusterMap: clusterMap(svc, ipAddressJson),
  };
}

/** The short service view of catalogs and v3 service lists. */
export function serviceViewJson(svc: SimService): Record<string, unknown> {
  const clusters = new Set<string>();
  let healthy = 0;
  for (const i of svc.instances.values()) {
    clusters.add(i.clusterName);
    if (i.healthy) healthy++;
  }
  return {
    name: svc.name,
    groupName: svc.groupName,
    clusterCount: clusters.size,
    ipCount: svc.instances.size,
    healthyInstanceCount: healthy,
    triggerFlag: 'false',
  };
}

/** A namespace entry; the default namespace is "" up to 2.x and "public" in 3.x. */
export function namespaceJson(ns: SimNamespace, version: NacosVersion): Record<string, unknown> {
  const isPublic = ns.id === PUBLIC_NAMESPACE;
  return {
    namespace: isPublic && publicShownAsEmpty(version) ? '' : ns.id,
    namespaceShowName: ns.showName,
    namespaceDesc: ns.desc,
    quota: 200,
    configCount: 0,
    type: isPublic ? 0 : 2,
  };
}

/** Parameters of a client instance list. */
export interface ClientListQuery {
  /** Grouped name echoed as `name`. */
  name: string;
  groupName: string;
  /** The `clusters` parameter exactly as sent (the client's cache key needs the echo). */
  clustersParam: string;
  healthyOnly: boolean;
  cacheMillis: number;
}

/**
 * Hosts as a client list shows them: enabled only, filtered by cluster, and, when the healthy
 * ratio is at or below the protection threshold, every host reported healthy.
 */
export function selectClientHosts(
  svc: SimService | undefined,
  clustersParam: string,
  healthyOnly: boolean,
): { hosts: SimInstance[]; reached: boolean } {
  const wanted = new Set(clustersParam.split(',').filter((c) => c !== ''));
  const all = [...(svc?.instances.values() ?? [])].filter(
    (i) => i.enabled && (wanted.size === 0 || wanted.has(i.clusterName)),
  );
  if (all.length === 0 || !svc) return { hosts: [], reached: false };
  const healthy = all.filter((i) => i.healthy).length;
  if (healthy / all.length <= Math.max(0, svc.protectThreshold)) {
    return { hosts: all.map((i) => (i.healthy ? i : { ...i, healthy: true })), reached: true };
  }
  return { hosts: healthyOnly ? all.filter((i) => i.healthy) : all, reached: false };
}

/** ServiceInfo as `instance/list` (v1, v2) answers it. */
export function serviceInfoJson(
  svc: SimService | undefined,
  q: ClientListQuery,
  version: NacosVersion,
): Record<string, unknown> {
  const { hosts, reached } = selectClientHosts(svc, q.clustersParam, q.healthyOnly);
  const out: Record<string, unknown> = {
    name: q.name,
    groupName: q.groupName,
    clusters: q.clustersParam,
    cacheMillis: q.cacheMillis,
    hosts: svc ? hosts.map((h) => instanceJson(h, svc, version)) : [],
    lastRefTime: svc?.lastRefTime ?? Date.now(),
    checksum: '',
    [allIpsKey(version)]: false,
    reachProtectionThreshold: reached,
    valid: true,
  };
  if (generationOf(version) === 1) Object.assign(out, { dom: q.name, env: '', useSpecifiedURL: false });
  return out;
}
