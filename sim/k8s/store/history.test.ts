import { describe, expect, it } from 'vitest';
import { EventHistory, type ChangeEvent } from './history.js';

const event = (rv: number): ChangeEvent => ({
  type: 'ADDED',
  rv,
  resource: 'pods',
  object: { apiVersion: 'v1', kind: 'Pod', metadata: { name: `p${rv}` } },
});

describe('event history window', () => {
  it('keeps the last N events and moves the compacted revision forward', () => {
    const h = new EventHistory(3, 10);
    for (const rv of [11, 12, 13, 14]) h.append(event(rv));
    expect(h.since(10).map((e) => e.rv)).toEqual([12, 13, 14]);
    expect(h.compactedRv).toBe(11);
    expect(h.since(13).map((e) => e.rv)).toEqual([14]);
  });

  it('shrinks and compacts on demand', () => {
    const h = new EventHistory(10, 0);
    for (let rv = 1; rv <= 6; rv++) h.append(event(rv));
    h.resize(2);
    expect(h.since(0).map((e) => e.rv)).toEqual([5, 6]);
    expect(h.compactedRv).toBe(4);
    h.compact(6);
    expect(h.length).toBe(0);
    expect(h.compactedRv).toBe(6);
  });
});
