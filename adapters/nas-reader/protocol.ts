import type { NasLayout } from '../../core/nas/layout.js';
import type { UsageScanOptions } from './usage-scanner.js';

/**
 * Messages between the exporter (parent) and its NAS reader child process. All NAS I/O happens
 * in the child, so a hung mount can stall the child but never the parent's `/metrics`.
 */

export interface ReaderOptions {
  nasRoot: string;
  /** Namespace folders to read; empty: every folder under the root. */
  namespaces: string[];
  /** IANA zone of `%t` in file names. */
  timeZone: string;
  layout: NasLayout;
  readTimeoutMs: number;
  scanIntervalMs: number;
  ttlMs: number;
  historyBytes: number;
  maxBytesPerCycle: number;
  /** The NAS usage scan; absent: no usage metrics. */
  usage?: UsageScanOptions & {
    /** One slice of the scan this often. */
    sliceMs: number;
  };
}

export interface CycleStats {
  startedMs: number;
  durationMs: number;
  initial: boolean;
  services: number;
  filesTracked: number;
  bytesRead: number;
  /** NAS calls pending past their deadline. */
  hungCalls: number;
  errors: number;
}

export interface GcReportRequest {
  nasRoot: string;
  namespace: string;
  service: string;
  pod?: string;
  timeZone: string;
  layout: NasLayout;
  readTimeoutMs: number;
}

export type ParentMessage =
  | { type: 'start'; options: ReaderOptions }
  | { type: 'gc-report'; request: GcReportRequest }
  /**
   * The pods that exist now, by Kubernetes namespace (= NAS namespace folder; `[]` for a
   * namespace without pods). A namespace missing from the map, `null`, and everything before the
   * first message mean "not known" (no Kubernetes source, or its data is stale): then no
   * reclaimable bytes are reported rather than a false number.
   */
  | { type: 'live-pods'; pods: Record<string, string[]> | null }
  | { type: 'stop' };

export type ChildMessage =
  | { type: 'snapshot'; text: string; cycle: CycleStats }
  | {
      type: 'log';
      level: 'error' | 'warn' | 'info' | 'debug';
      message: string;
      fields: Record<string, unknown>;
    }
  | { type: 'gc-report'; report: unknown }
  | { type: 'error'; error: { message: string; code: string; exitCode: number; hints: string[] } };
