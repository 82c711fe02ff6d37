/**
 * Finds out which generation a server is: 3.x answers `/v3/admin/core/state`; older servers
 * answer 404 there and report their version at `/v1/console/server/state` (1.x and 2.x read
 * the same v1 catalog, so an old server without that endpoint is taken as 1.x).
 */
import type { RegistryOrigin } from '../../core/ports/registry-source.js';
import { NacosHttpError, type NacosClient } from './client.js';

/** What detection found. */
export interface Detected {
  generation: RegistryOrigin['generation'];
  version?: string;
}

function versionOf(body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const o = body as Record<string, unknown>;
  const data = o.data && typeof o.data === 'object' ? (o.data as Record<string, unknown>) : o;
  return typeof data.version === 'string' ? data.version : undefined;
}

function generationOf(version: string | undefined, fallback: Detected['generation']): Detected['generation'] {
  const major = Number(version?.split('.')[0]);
  return major === 1 || major === 2 || major === 3 ? major : fallback;
}

function status(err: unknown): number | undefined {
  return err instanceof NacosHttpError ? err.status : undefined;
}

function detected(generation: Detected['generation'], version: string | undefined): Detected {
  return version === undefined ? { generation } : { generation, version };
}

/** Detects the server generation (1-2 requests, no token needed). */
export async function detectGeneration(client: NacosClient, signal?: AbortSignal): Promise<Detected> {
  try {
    const v = versionOf(await client.getJson('/v3/admin/core/state', {}, signal, false));
    return detected(generationOf(v, 3), v);
  } catch (err) {
    const s = status(err);
    if (s === 403 || s === 401) return { generation: 3 };
    if (s !== 404) throw err;
  }
  try {
    const v = versionOf(await client.getJson('/v1/console/server/state', {}, signal, false));
    return detected(generationOf(v, 2), v);
  } catch (err) {
    const s = status(err);
    if (s === 404) return { generation: 1 };
    if (s === 403) return { generation: 2 };
    throw err;
  }
}
