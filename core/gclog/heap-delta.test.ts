import { describe, expect, it } from 'vitest';
import { heapDelta } from './heap-delta.js';

const M = 1024 * 1024;

describe('heapDelta', () => {
  it('allocation is heap before minus the previous heap after; none for the first collection', () => {
    expect(heapDelta(undefined, { beforeBytes: 50 * M, afterBytes: 10 * M })).toEqual({ allocatedBytes: 0 });
    expect(heapDelta(10 * M, { beforeBytes: 50 * M, afterBytes: 12 * M })).toEqual({
      allocatedBytes: 40 * M,
    });
  });

  it('never negative (a heap that shrank between collections, e.g. after a full GC elsewhere)', () => {
    expect(heapDelta(60 * M, { beforeBytes: 50 * M, afterBytes: 12 * M }).allocatedBytes).toBe(0);
  });

  it('promotion is the young decrease minus the whole-heap decrease, when young figures exist', () => {
    // JDK 8 Parallel: [PSYoungGen: 7077888K->222570K] 7077888K->222586K: 16 KB went to the old generation.
    const delta = heapDelta(undefined, {
      beforeBytes: 7077888 * 1024,
      afterBytes: 222586 * 1024,
      youngBeforeBytes: 7077888 * 1024,
      youngAfterBytes: 222570 * 1024,
    });
    expect(delta.promotedBytes).toBe(16 * 1024);
    expect(
      heapDelta(0, { beforeBytes: 10, afterBytes: 5, youngBeforeBytes: 8, youngAfterBytes: 4 }).promotedBytes,
    ).toBe(0);
  });
});
