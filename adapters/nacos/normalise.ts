/** Turns Instance JSON of any server generation into RegistryInstance. */
import { OpsError } from '../../core/errors.js';
import { PUBLIC_NAMESPACE, type RegistryInstance } from '../../core/ports/registry-source.js';

/** Where an instance was found. */
export interface InstancePlace {
  nacosNamespace: string;
  group: string;
  service: string;
  cluster: string;
}

/** A scalar as text; anything else gives `fallback`. */
export function str(v: unknown, fallback = ''): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : fallback;
}

function bool(v: unknown, fallback: boolean): boolean {
  return typeof v === 'boolean' ? v : typeof v === 'string' ? v.toLowerCase() === 'true' : fallback;
}

function num(v: unknown, fallback: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : fallback;
}

/** Metadata with every value as a string. */
export function stringMap(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  return Object.fromEntries(
    Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, str(x, JSON.stringify(x))]),
  );
}

/** The namespace id as snapshots carry it: "" (1.x/2.x spelling) and missing become "public". */
export function namespaceId(v: unknown): string {
  const id = str(v);
  return id === '' ? PUBLIC_NAMESPACE : id;
}

/**
 * A full Instance object as RegistryInstance. `healthy` falls back to 1.x's `valid`; a missing
 * instanceId gets the server's default form `ip#port#cluster#group@@service`.
 */
export function toRegistryInstance(raw: unknown, place: InstancePlace, what: string): RegistryInstance {
  if (!raw || typeof raw !== 'object') {
    throw new OpsError(`${what}: instance entry is not an object`, { code: 'E_NACOS_PROTOCOL' });
  }
  const o = raw as Record<string, unknown>;
  const ip = str(o.ip);
  const port = num(o.port, Number.NaN);
  if (ip === '' || !Number.isInteger(port)) {
    throw new OpsError(`${what}: instance without ip/port (${JSON.stringify(raw).slice(0, 120)})`, {
      code: 'E_NACOS_PROTOCOL',
    });
  }
  const cluster = str(o.clusterName, place.cluster) || place.cluster;
  return {
    nacosNamespace: place.nacosNamespace,
    group: place.group,
    service: place.service,
    cluster,
    ip,
    port,
    weight: num(o.weight, 1),
    healthy: bool(o.healthy, bool(o.valid, true)),
    enabled: bool(o.enabled, true),
    ephemeral: bool(o.ephemeral, true),
    metadata: stringMap(o.metadata),
    instanceId: str(o.instanceId) || `${ip}#${port}#${cluster}#${place.group}@@${place.service}`,
  };
}
