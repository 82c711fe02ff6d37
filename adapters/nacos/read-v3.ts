/**
 * Reads 3.x through the v3 admin API: namespaces from `/v3/admin/core/namespace/list`, then
 * `/v3/admin/ns/service/list?withInstances=true` per namespace. Its items carry full Instance
 * objects per cluster, so one pass suffices; after the first page the rest are fetched at once.
 */
import type {
  RegistryInstance,
  RegistryNamespace,
  RegistryService,
} from '../../core/ports/registry-source.js';
import type { NacosClient } from './client.js';
import { namespaceId, str, toRegistryInstance } from './normalise.js';
import { MAX_PAGES, type NamespaceRead, type RegistryReader } from './reader.js';

interface Envelope<T> {
  code?: unknown;
  data?: T;
}

interface ServicePage {
  totalCount?: unknown;
  pagesAvailable?: unknown;
  pageItems?: unknown;
}

interface ServiceItem {
  serviceName?: unknown;
  groupName?: unknown;
  clusterMap?: unknown;
}

/** v3 list endpoints accept at most this page size. */
export const V3_MAX_PAGE_SIZE = 500;

function itemsOf(page: ServicePage | undefined): ServiceItem[] {
  return Array.isArray(page?.pageItems) ? (page.pageItems as ServiceItem[]) : [];
}

function readItem(ns: string, item: ServiceItem): NamespaceRead {
  const svc: RegistryService = {
    nacosNamespace: ns,
    group: str(item.groupName, 'DEFAULT_GROUP'),
    service: str(item.serviceName),
  };
  const instances: RegistryInstance[] = [];
  const map = item.clusterMap && typeof item.clusterMap === 'object' ? item.clusterMap : {};
  for (const [cluster, info] of Object.entries(map as Record<string, { hosts?: unknown }>)) {
    const hosts = Array.isArray(info.hosts) ? (info.hosts as unknown[]) : [];
    const what = `namespace ${ns} service ${svc.group}@@${svc.service} cluster ${cluster}`;
    for (const raw of hosts) instances.push(toRegistryInstance(raw, { ...svc, cluster }, what));
  }
  return { services: [svc], instances };
}

/** Creates the v3 admin reader. */
export function createV3Reader(client: NacosClient, requestedPageSize: number): RegistryReader {
  const pageSize = Math.min(V3_MAX_PAGE_SIZE, Math.max(1, requestedPageSize));
  const fetchPage = (ns: string, pageNo: number, signal?: AbortSignal): Promise<Envelope<ServicePage>> =>
    client.getJson<Envelope<ServicePage>>(
      '/v3/admin/ns/service/list',
      {
        namespaceId: ns,
        withInstances: 'true',
        ignoreEmptyService: 'false',
        pageNo: String(pageNo),
        pageSize: String(pageSize),
      },
      signal,
    );

  return {
    api: 'v3-admin',
    async listNamespaces(signal) {
      const body = await client.getJson<Envelope<unknown>>('/v3/admin/core/namespace/list', {}, signal);
      const data = Array.isArray(body.data) ? (body.data as Record<string, unknown>[]) : [];
      return data.map((n): RegistryNamespace => ({
        id: namespaceId(n.namespace),
        name: typeof n.namespaceShowName === 'string' ? n.namespaceShowName : namespaceId(n.namespace),
      }));
    },
    async readNamespace(ns, signal): Promise<NamespaceRead> {
      const first = (await fetchPage(ns, 1, signal)).data;
      const total = typeof first?.totalCount === 'number' ? first.totalCount : 0;
      const pages = Math.min(MAX_PAGES, Math.ceil(total / pageSize));
      const rest = await Promise.all(
        Array.from({ length: Math.max(0, pages - 1) }, (_, i) => fetchPage(ns, i + 2, signal)),
      );
      const items = [itemsOf(first), ...rest.map((r) => itemsOf(r.data))].flat();
      const reads = items.map((item) => readItem(ns, item));
      return { services: reads.flatMap((r) => r.services), instances: reads.flatMap((r) => r.instances) };
    },
  };
}
