import { join } from 'node:path';
import { classifyNasEntry } from '../../core/nas/classify.js';
import { jvmStartToEpochMs } from '../../core/nas/jvm-start.js';
import { compileNasLayout, type NasLayout } from '../../core/nas/layout.js';
import type { NasEntry } from '../../core/nas/entry.js';
import type { DumpRef } from './dump-tracker.js';
import type { GcFileRef } from './gclog-tailer.js';
import type { GuardedFs } from './guarded-fs.js';

export interface ScanOptions {
  nasRoot: string;
  /** Namespace folders to read; empty: every folder under the root. */
  namespaces: readonly string[];
  timeZone: string;
  layout: NasLayout;
  /** Service folders listed at once. @default 8 */
  concurrency?: number;
}

export interface ServiceListing {
  namespace: string;
  service: string;
  dir: string;
  entries: NasEntry[];
}

export interface ScanResult {
  gcFiles: GcFileRef[];
  dumps: DumpRef[];
  services: number;
  /** `<namespace>/<service>` of every folder listed this time. Files of folders not listed
   * (hung, failing) are unknown, not gone. */
  listed: Set<string>;
  errors: { path: string; error: unknown }[];
}

/** Folders that are never namespaces or services. */
const IGNORED = new Set(['lost+found']);

/**
 * Lists `<root>/<namespace>/<service>/` and classifies what is at each service root. Symbolic
 * links are never followed; a folder whose previous listing has not returned (hung mount) is
 * skipped, not queued again.
 */
export async function scanNas(fs: GuardedFs, options: ScanOptions): Promise<ScanResult> {
  const result: ScanResult = { gcFiles: [], dumps: [], services: 0, listed: new Set(), errors: [] };
  const listings = await listServices(fs, options, result.errors);
  result.services = listings.length;
  for (const listing of listings) {
    result.listed.add(`${listing.namespace}/${listing.service}`);
    for (const entry of listing.entries) collect(listing, entry, options, result);
  }
  return result;
}

/** Every service folder with its classified root entries. */
export async function listServices(
  fs: GuardedFs,
  options: ScanOptions,
  errors: { path: string; error: unknown }[],
): Promise<ServiceListing[]> {
  const namespaces =
    options.namespaces.length > 0 ? [...options.namespaces] : await subdirs(fs, options.nasRoot, errors);
  const services: { namespace: string; service: string; dir: string }[] = [];
  for (const namespace of namespaces) {
    const nsDir = join(options.nasRoot, namespace);
    for (const service of await subdirs(fs, nsDir, errors))
      services.push({ namespace, service, dir: join(nsDir, service) });
  }
  const layout = compileNasLayout(options.layout);
  const out: ServiceListing[] = [];
  await eachLimited(services, options.concurrency ?? 8, async (svc) => {
    if (fs.busy(svc.dir)) return;
    try {
      const dirents = await fs.readdir(svc.dir);
      const entries = dirents
        .filter((d) => !d.isSymbolicLink())
        .map((d) => classifyNasEntry(d.name, d.isDirectory(), layout));
      out.push({ ...svc, entries });
    } catch (error) {
      errors.push({ path: svc.dir, error });
    }
  });
  return out.sort((a, b) => a.dir.localeCompare(b.dir));
}

function collect(listing: ServiceListing, entry: NasEntry, options: ScanOptions, result: ScanResult): void {
  const path = join(listing.dir, entry.relPath);
  if (entry.kind === 'gc_log' || entry.kind === 'gc_log_archive') {
    result.gcFiles.push({
      path,
      labels: { k8s_namespace: listing.namespace, service: listing.service, pod: entry.pod ?? 'unknown' },
      chainKey: `${listing.namespace}/${listing.service}/${entry.chainKey ?? entry.relPath}`,
      ...(entry.kind === 'gc_log_archive' && entry.rotation !== undefined
        ? { rotation: entry.rotation }
        : {}),
      ...(entry.jvmStart ? { startEpochMs: jvmStartToEpochMs(entry.jvmStart, options.timeZone) } : {}),
    });
  } else if (entry.kind === 'heap_dump') {
    result.dumps.push({
      path,
      k8s_namespace: listing.namespace,
      service: listing.service,
      ...(entry.pod !== undefined ? { pod: entry.pod } : {}),
    });
  }
}

async function subdirs(
  fs: GuardedFs,
  dir: string,
  errors: { path: string; error: unknown }[],
): Promise<string[]> {
  if (fs.busy(dir)) return [];
  try {
    const dirents = await fs.readdir(dir);
    return dirents
      .filter((d) => d.isDirectory() && !d.name.startsWith('.') && !IGNORED.has(d.name))
      .map((d) => d.name)
      .sort();
  } catch (error) {
    errors.push({ path: dir, error });
    return [];
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(workers);
}
