import type { GcHeapChange } from './types.js';

/** What one collection says about the application since the previous one. */
export interface HeapDelta {
  /** Heap before this collection minus heap after the previous one (0 without a previous one). */
  allocatedBytes: number;
  /**
   * Old-generation growth (young decrease minus whole-heap decrease, at least 0), when the log has
   * young-generation figures; undefined otherwise.
   */
  promotedBytes?: number;
}

/**
 * The allocation and promotion rule shared by the exporter's counters and `opsctl gc`: allocation
 * is what the heap grew between two collections, promotion what the old generation grew during one.
 */
export function heapDelta(previousAfterBytes: number | undefined, heap: GcHeapChange): HeapDelta {
  const allocatedBytes =
    previousAfterBytes === undefined ? 0 : Math.max(0, heap.beforeBytes - previousAfterBytes);
  const { youngBeforeBytes: yb, youngAfterBytes: ya } = heap;
  if (yb === undefined || ya === undefined || !Number.isFinite(yb) || !Number.isFinite(ya))
    return { allocatedBytes };
  return { allocatedBytes, promotedBytes: Math.max(0, yb - ya - (heap.beforeBytes - heap.afterBytes)) };
}
