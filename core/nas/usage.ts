/**
 * What the files of a service folder use on the NAS, by the `kind` of
 * `opsctl_nas_usage_bytes`, and what `opsctl clean-logs` would free now. Pure.
 */
import { compileNasLayout, type CompiledNasLayout } from './layout.js';
import { isProtectedKind, nasUsageKind, type NasUsageKind } from './entry.js';
import type { NasEntry } from './entry.js';
import { resolveNasOwner } from './pod-match.js';

/** Every `kind` label value, in a fixed order. */
export const NAS_USAGE_KINDS: readonly NasUsageKind[] = ['gc', 'dump', 'log', 'archive', 'tools', 'other'];

/** Bytes and files of one folder or service. */
export interface NasUsage {
  bytes: Record<NasUsageKind, number>;
  files: number;
  /**
   * Bytes of files whose pod is gone (what clean-logs would remove). Undefined when the live
   * pods were not known: then no number is better than a false one.
   */
  reclaimableBytes: number | undefined;
}

/**
 * The pods that exist now in a Kubernetes namespace (the NAS namespace folder), or undefined
 * when that is not known (no Kubernetes source, or its data is not fresh).
 */
export type LivePodsProvider = (namespace: string) => ReadonlySet<string> | undefined;

/** A zero usage; `reclaimable` says whether live pods are known for it. */
export function emptyNasUsage(reclaimable: boolean): NasUsage {
  return {
    bytes: { gc: 0, dump: 0, log: 0, archive: 0, tools: 0, other: 0 },
    files: 0,
    reclaimableBytes: reclaimable ? 0 : undefined,
  };
}

/**
 * True when clean-logs would remove the entry: a pod wrote it, that pod is not live, and its
 * kind is not protected (config, `tmp/`, the logs and archive folders themselves).
 */
export function isReclaimable(
  entry: NasEntry,
  livePods: ReadonlySet<string>,
  layout: CompiledNasLayout = compileNasLayout(),
): boolean {
  if (isProtectedKind(entry.kind)) return false;
  return resolveNasOwner(entry, livePods, layout).state === 'gone';
}

/** Adds one file of `bytes` to `usage`; `livePods` only when known (see NasUsage). */
export function addNasFile(
  usage: NasUsage,
  entry: NasEntry,
  bytes: number,
  livePods: ReadonlySet<string> | undefined,
  layout: CompiledNasLayout = compileNasLayout(),
): void {
  usage.bytes[nasUsageKind(entry.kind)] += bytes;
  usage.files++;
  if (
    usage.reclaimableBytes !== undefined &&
    livePods !== undefined &&
    isReclaimable(entry, livePods, layout)
  )
    usage.reclaimableBytes += bytes;
}

/** `into += from`; reclaimable stays known only when both are. */
export function addNasUsage(into: NasUsage, from: NasUsage): void {
  for (const kind of NAS_USAGE_KINDS) into.bytes[kind] += from.bytes[kind];
  into.files += from.files;
  into.reclaimableBytes =
    into.reclaimableBytes === undefined || from.reclaimableBytes === undefined
      ? undefined
      : into.reclaimableBytes + from.reclaimableBytes;
}
