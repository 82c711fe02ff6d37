/**
 * The Nacos RegistrySource: detects the server generation, then reads every namespace's raw
 * registry (v1 catalog for 1.x/2.x, v3 admin for 3.x) with bounded concurrency. A namespace that
 * fails is reported in `errors` and left out; the others are complete.
 */
import { isOpsError } from '../../core/errors.js';
import {
  compareInstances,
  compareServices,
  type RegistryNamespaceError,
  type RegistrySnapshot,
  type RegistrySource,
} from '../../core/ports/registry-source.js';
import { NacosClient } from './client.js';
import { detectGeneration } from './detect.js';
import { createCatalogReader } from './read-catalog.js';
import { createV3Reader } from './read-v3.js';
import type { NamespaceRead, RegistryReader } from './reader.js';
import { parseServerList } from './servers.js';
import type { HttpCall } from './http-call.js';
import { abortedError } from './transport.js';

/** Options of createNacosRegistrySource. */
export interface NacosSourceOptions {
  /** Server list in NACOS_URL style: `nacos-0:8848,http://nacos-1:8848/nacos`. */
  serverAddr: string;
  username?: string | undefined;
  password?: string | undefined;
  /** Requests in flight at once. @default 8 */
  concurrency?: number;
  /** Per request. @default 10000 */
  timeoutMs?: number;
  /** Services per listing page. @default 100 */
  pageSize?: number;
  /** Only these namespace ids ("public" for the default one). @default every namespace listed */
  namespaces?: readonly string[];
  /** @default node:http with keep-alive agents */
  http?: HttpCall;
  /** @default Date.now */
  now?: () => number;
}

/** A RegistrySource that also says how many requests it has sent in total. */
export interface NacosRegistrySource extends RegistrySource {
  /** Requests sent since creation (logins, retries and failovers included). */
  readonly requests: number;
  /** Closes idle connections (a read after this opens new ones). */
  close(): void;
}

function namespaceError(ns: string, err: unknown): RegistryNamespaceError {
  if (isOpsError(err)) return { nacosNamespace: ns, code: err.code, message: err.message, hints: err.hints };
  return {
    nacosNamespace: ns,
    code: 'E_NACOS_READ',
    message: `reading namespace ${ns} failed: ${err instanceof Error ? err.message : String(err)}`,
    hints: [],
  };
}

async function readAll(
  reader: RegistryReader,
  ids: string[],
  signal: AbortSignal | undefined,
): Promise<{ reads: NamespaceRead[]; errors: RegistryNamespaceError[] }> {
  const reads: NamespaceRead[] = [];
  const errors: RegistryNamespaceError[] = [];
  await Promise.all(
    ids.map(async (ns) => {
      try {
        reads.push(await reader.readNamespace(ns, signal));
      } catch (err) {
        if (signal?.aborted) throw abortedError(`reading Nacos namespace ${ns}`, signal.reason);
        errors.push(namespaceError(ns, err));
      }
    }),
  );
  errors.sort((a, b) => (a.nacosNamespace < b.nacosNamespace ? -1 : 1));
  return { reads, errors };
}

/** Creates a source reading the Nacos cluster at `serverAddr`. Validates the address list now. */
export function createNacosRegistrySource(options: NacosSourceOptions): NacosRegistrySource {
  const now = options.now ?? Date.now;
  const client = new NacosClient({
    servers: parseServerList(options.serverAddr),
    timeoutMs: options.timeoutMs ?? 10_000,
    concurrency: options.concurrency ?? 8,
    username: options.username,
    password: options.password,
    now,
    ...(options.http ? { http: options.http } : {}),
  });
  const pageSize = options.pageSize ?? 100;
  return {
    get requests() {
      return client.transport.requests;
    },
    close() {
      client.transport.close();
    },
    async read(signal) {
      const takenAt = now();
      const before = client.transport.requests;
      const detected = await detectGeneration(client, signal);
      client.loginPaths =
        detected.generation === 3
          ? ['/v3/auth/user/login', '/v1/auth/login']
          : ['/v1/auth/login', '/v3/auth/user/login'];
      const reader =
        detected.generation === 3 ? createV3Reader(client, pageSize) : createCatalogReader(client, pageSize);
      const listed = await reader.listNamespaces(signal);
      const wanted = options.namespaces;
      const namespaces = wanted ? listed.filter((n) => wanted.includes(n.id)) : listed;
      const { reads, errors } = await readAll(
        reader,
        namespaces.map((n) => n.id),
        signal,
      );
      const snapshot: RegistrySnapshot = {
        origin: {
          server: client.transport.current.base,
          generation: detected.generation,
          api: reader.api,
          ...(detected.version === undefined ? {} : { version: detected.version }),
        },
        takenAt,
        durationMs: now() - takenAt,
        requests: client.transport.requests - before,
        namespaces,
        services: reads.flatMap((r) => r.services).sort(compareServices),
        instances: reads.flatMap((r) => r.instances).sort(compareInstances),
        errors,
      };
      return snapshot;
    },
  };
}
