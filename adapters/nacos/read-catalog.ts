/**
 * Reads 1.x/2.x through the v1 console catalog: namespaces from `/v1/console/namespaces`,
 * services of all groups from `catalog/services?withInstances=true` (paged until a short page),
 * then each cluster's full Instance objects from `catalog/instances`, because the catalog's
 * host view lacks `ephemeral` and `instanceId`.
 */
import { OpsError } from '../../core/errors.js';
import type {
  RegistryInstance,
  RegistryNamespace,
  RegistryService,
} from '../../core/ports/registry-source.js';
import type { NacosClient } from './client.js';
import { namespaceId, str, toRegistryInstance } from './normalise.js';
import { MAX_PAGES, type NamespaceRead, type RegistryReader } from './reader.js';

interface CatalogService {
  serviceName?: unknown;
  groupName?: unknown;
  clusterMap?: unknown;
}

interface InstancePage {
  list?: unknown;
  count?: unknown;
}

/** Instances fetched per `catalog/instances` page. */
const INSTANCE_PAGE = 500;

async function servicesOf(
  client: NacosClient,
  pageSize: number,
  ns: string,
  signal?: AbortSignal,
): Promise<CatalogService[]> {
  const all: CatalogService[] = [];
  for (let pageNo = 1; pageNo <= MAX_PAGES; pageNo++) {
    const page = await client.getJson<unknown>(
      '/v1/ns/catalog/services',
      { withInstances: 'true', namespaceId: ns, pageNo: String(pageNo), pageSize: String(pageSize) },
      signal,
    );
    if (!Array.isArray(page)) {
      throw new OpsError(`nacos catalog/services of namespace ${ns} did not answer a list of services`, {
        code: 'E_NACOS_PROTOCOL',
        hints: ['check that the server is Nacos 1.x/2.x (opsctl reads 3.x through v3 admin)'],
      });
    }
    const items = page as CatalogService[];
    all.push(...items);
    if (items.length < pageSize) break;
  }
  return all;
}

async function clusterInstances(
  client: NacosClient,
  ns: string,
  svc: RegistryService,
  cluster: string,
  signal?: AbortSignal,
): Promise<RegistryInstance[]> {
  const out: RegistryInstance[] = [];
  const what = `namespace ${ns} service ${svc.group}@@${svc.service} cluster ${cluster}`;
  for (let pageNo = 1; pageNo <= MAX_PAGES; pageNo++) {
    const page = await client.getJson<InstancePage>(
      '/v1/ns/catalog/instances',
      {
        namespaceId: ns,
        serviceName: `${svc.group}@@${svc.service}`,
        clusterName: cluster,
        pageNo: String(pageNo),
        pageSize: String(INSTANCE_PAGE),
      },
      signal,
    );
    const list = Array.isArray(page.list) ? (page.list as unknown[]) : [];
    for (const raw of list) out.push(toRegistryInstance(raw, { ...svc, cluster }, what));
    const total = typeof page.count === 'number' ? page.count : out.length;
    if (list.length < INSTANCE_PAGE || out.length >= total) break;
  }
  return out;
}

/** Creates the v1 catalog reader. */
export function createCatalogReader(client: NacosClient, pageSize: number): RegistryReader {
  return {
    api: 'v1-catalog',
    async listNamespaces(signal) {
      const body = await client.getJson<{ data?: unknown }>('/v1/console/namespaces', {}, signal);
      const data = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
      return data.map((n): RegistryNamespace => ({
        id: namespaceId(n.namespace),
        name: typeof n.namespaceShowName === 'string' ? n.namespaceShowName : namespaceId(n.namespace),
      }));
    },
    async readNamespace(ns, signal): Promise<NamespaceRead> {
      const catalog = await servicesOf(client, pageSize, ns, signal);
      const services: RegistryService[] = catalog.map((c) => ({
        nacosNamespace: ns,
        group: str(c.groupName, 'DEFAULT_GROUP'),
        service: str(c.serviceName),
      }));
      const reads = catalog.flatMap((c, i) => {
        const svc = services[i];
        const clusters = c.clusterMap && typeof c.clusterMap === 'object' ? Object.keys(c.clusterMap) : [];
        return svc ? clusters.map((cluster) => clusterInstances(client, ns, svc, cluster, signal)) : [];
      });
      return { services, instances: (await Promise.all(reads)).flat() };
    },
  };
}
