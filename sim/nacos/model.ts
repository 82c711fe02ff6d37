/**
 * The naming data model of the Nacos simulator: namespaces, services (`group@@service`),
 * clusters and instances, with the naming conventions every server generation shares.
 */

/** Server versions the simulator can impersonate. */
export const NACOS_VERSIONS = ['1.4', '2.2', '2.5', '3.1', '3.2'] as const;
/** One of NACOS_VERSIONS. */
export type NacosVersion = (typeof NACOS_VERSIONS)[number];

export const PUBLIC_NAMESPACE = 'public';
export const DEFAULT_GROUP = 'DEFAULT_GROUP';
export const DEFAULT_CLUSTER = 'DEFAULT';
/** Separator between group and service in a grouped name. */
export const GROUP_SEPARATOR = '@@';

/** Beat and expiry defaults (ms), overridable per instance through `preserved.*` metadata. */
export const BEAT_INTERVAL_MS = 5000;
export const BEAT_TIMEOUT_MS = 15_000;
export const IP_DELETE_TIMEOUT_MS = 30_000;

export const META_BEAT_INTERVAL = 'preserved.heart.beat.interval';
export const META_BEAT_TIMEOUT = 'preserved.heart.beat.timeout';
export const META_DELETE_TIMEOUT = 'preserved.ip.delete.timeout';

/** A namespace. The default one has id "public". */
export interface SimNamespace {
  id: string;
  showName: string;
  desc: string;
}

/** One registered instance. */
export interface SimInstance {
  ip: string;
  port: number;
  clusterName: string;
  weight: number;
  healthy: boolean;
  enabled: boolean;
  ephemeral: boolean;
  metadata: Record<string, string>;
  instanceId: string;
  /** Epoch ms of the last beat (registration counts as one). */
  lastBeat: number;
  /** The simulator beats for this instance itself (scenario instances until told to stop). */
  simBeating: boolean;
}

/** A service in one namespace and group. */
export interface SimService {
  namespaceId: string;
  groupName: string;
  name: string;
  /** Ratio healthy/total at or below which client lists report every host healthy. @default 0 */
  protectThreshold: number;
  metadata: Record<string, string>;
  /** Keyed by instanceKey(). */
  instances: Map<string, SimInstance>;
  /** Epoch ms of the last change, echoed as `lastRefTime`. */
  lastRefTime: number;
}

/** `G@@S` for a group and service. */
export function groupedName(group: string, service: string): string {
  return `${group}${GROUP_SEPARATOR}${service}`;
}

/**
 * Splits a service name as the server's ServiceNameFilter does: a name with `@@` carries its own
 * group; otherwise the group parameter (or DEFAULT_GROUP) applies.
 */
export function splitServiceName(name: string, groupParam?: string): { group: string; service: string } {
  const at = name.indexOf(GROUP_SEPARATOR);
  if (at >= 0) return { group: name.slice(0, at), service: name.slice(at + GROUP_SEPARATOR.length) };
  return { group: groupParam && groupParam !== '' ? groupParam : DEFAULT_GROUP, service: name };
}

/** Identity of an instance inside a service: ip, port and cluster. */
export function instanceKey(ip: string, port: number, cluster: string): string {
  return `${ip}#${port}#${cluster}`;
}

/** The default instance id: `ip#port#cluster#group@@service`. */
export function defaultInstanceId(
  ip: string,
  port: number,
  cluster: string,
  group: string,
  service: string,
): string {
  return `${ip}#${port}#${cluster}#${groupedName(group, service)}`;
}

/** Maps the 2.x spelling of the default namespace ("") and a missing id to "public". */
export function normaliseNamespace(id: string | undefined): string {
  return id === undefined || id === '' ? PUBLIC_NAMESPACE : id;
}

function metaMs(metadata: Record<string, string>, key: string, fallback: number): number {
  const raw = metadata[key];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Beat interval, unhealthy timeout and delete timeout of an instance, from its metadata. */
export function beatTimings(metadata: Record<string, string>): {
  interval: number;
  timeout: number;
  deleteTimeout: number;
} {
  return {
    interval: metaMs(metadata, META_BEAT_INTERVAL, BEAT_INTERVAL_MS),
    timeout: metaMs(metadata, META_BEAT_TIMEOUT, BEAT_TIMEOUT_MS),
    deleteTimeout: metaMs(metadata, META_DELETE_TIMEOUT, IP_DELETE_TIMEOUT_MS),
  };
}
