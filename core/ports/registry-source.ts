/**
 * The service registry as the drift engine sees it: one normalised snapshot of every instance in
 * every namespace, whatever the server generation behind it (Nacos 1.x, 2.x, 3.x). Adapters
 * (adapters/nacos) implement RegistrySource; nothing here does I/O.
 */

/** The id the snapshot uses for Nacos' default namespace, which 1.x/2.x list as `""`. */
export const PUBLIC_NAMESPACE = 'public';

/** One registered instance, exactly as the server stores it (no protection-threshold rewrite). */
export interface RegistryInstance {
  /** Namespace id (label `nacos_namespace`); the default namespace is always `"public"`. */
  nacosNamespace: string;
  group: string;
  /** Service name without the `group@@` prefix. */
  service: string;
  cluster: string;
  ip: string;
  port: number;
  weight: number;
  healthy: boolean;
  enabled: boolean;
  ephemeral: boolean;
  metadata: Readonly<Record<string, string>>;
  instanceId: string;
}

/** One service, listed even when it has no instance left. */
export interface RegistryService {
  nacosNamespace: string;
  group: string;
  service: string;
}

/** A namespace the server lists. */
export interface RegistryNamespace {
  /** Namespace id; `"public"` for the default one. */
  id: string;
  /** Display name (`namespaceShowName`). */
  name: string;
}

/**
 * A namespace that could not be read. Its instances are left out of the snapshot (never reported
 * as empty), so consumers must treat its services as unknown rather than missing.
 */
export interface RegistryNamespaceError {
  nacosNamespace: string;
  /** Stable code of the failure, e.g. `E_NACOS_FORBIDDEN`, `E_NACOS_HTTP`, `E_TIMEOUT`. */
  code: string;
  /** Says which server and API failed and how. */
  message: string;
  /** What to check next. */
  hints: readonly string[];
}

/** Where a snapshot came from. */
export interface RegistryOrigin {
  /** Base URL of the server that answered, e.g. `http://10.0.0.5:8848/nacos`. */
  server: string;
  /** Major generation detected: 1, 2 or 3. */
  generation: 1 | 2 | 3;
  /** Version text the server reported, when it did. */
  version?: string;
  /** Which API family the instances were read from. */
  api: 'v1-catalog' | 'v3-admin';
}

/** Everything read in one pass. */
export interface RegistrySnapshot {
  origin: RegistryOrigin;
  /** Epoch milliseconds when the read started. */
  takenAt: number;
  /** Wall time the read took. */
  durationMs: number;
  /** HTTP requests the read made (logins and retries included). */
  requests: number;
  namespaces: RegistryNamespace[];
  services: RegistryService[];
  /** Sorted by namespace, group, service, cluster, ip, port. */
  instances: RegistryInstance[];
  /** Namespaces that failed; the others are complete. */
  errors: RegistryNamespaceError[];
}

/** A registry that can be read as a whole. */
export interface RegistrySource {
  /**
   * Reads every namespace. Rejects (OpsError) only when nothing can be read at all: no server
   * answers, login fails, or the namespace list itself fails. Per-namespace failures land in
   * `errors`.
   */
  read(signal?: AbortSignal): Promise<RegistrySnapshot>;
}

/** Orders instances the way snapshots promise, so snapshots compare equal when the data does. */
export function compareInstances(a: RegistryInstance, b: RegistryInstance): number {
  return (
    cmp(a.nacosNamespace, b.nacosNamespace) ||
    cmp(a.group, b.group) ||
    cmp(a.service, b.service) ||
    cmp(a.cluster, b.cluster) ||
    cmp(a.ip, b.ip) ||
    a.port - b.port
  );
}

/** Orders services by namespace, group, name. */
export function compareServices(a: RegistryService, b: RegistryService): number {
  return cmp(a.nacosNamespace, b.nacosNamespace) || cmp(a.group, b.group) || cmp(a.service, b.service);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
