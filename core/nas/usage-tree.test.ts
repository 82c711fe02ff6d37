import { describe, expect, it } from 'vitest';
import { emptyNasUsage, type NasUsage } from './usage.js';
import { NasUsageTree } from './usage-tree.js';

function usage(gc: number, reclaimable: number | null = 0): NasUsage {
  const u = emptyNasUsage(reclaimable !== null);
  u.bytes.gc = gc;
  u.files = gc > 0 ? 1 : 0;
  if (reclaimable !== null) u.reclaimableBytes = reclaimable;
  return u;
}

describe('NasUsageTree', () => {
  it('reports a service only after a complete pass, summing its folders', () => {
    const tree = new NasUsageTree();
    tree.setDir('test', 'gateway', '', usage(10, 4), ['logs']);
    expect(tree.totals()).toEqual([]);
    tree.setDir('test', 'gateway', 'logs', usage(5, 1), ['error']);
    tree.setDir('test', 'gateway', 'logs/error', usage(2, 0), []);
    tree.markComplete('test', 'gateway');
    expect(tree.totals()).toMatchObject([
      { namespace: 'test', service: 'gateway', files: 3, reclaimableBytes: 5 },
    ]);
    expect(tree.totals()[0]!.bytes.gc).toBe(17);
    expect(tree.folderCount()).toBe(3);
  });

  it('a folder read again replaces its numbers; a subfolder that is gone is dropped with its content', () => {
    const tree = new NasUsageTree();
    tree.setDir('test', 'gateway', '', usage(10), ['logs']);
    tree.setDir('test', 'gateway', 'logs', usage(5), ['error']);
    tree.setDir('test', 'gateway', 'logs/error', usage(2), []);
    tree.markComplete('test', 'gateway');
    tree.setDir('test', 'gateway', 'logs', usage(1), []);
    expect(tree.totals()[0]!.bytes.gc).toBe(11);
    expect(tree.folderCount()).toBe(2);
  });

  it('reclaimable stays unknown while any folder was read without live pods', () => {
    const tree = new NasUsageTree();
    tree.setDir('uat', 'order', '', usage(10, 3), ['logs']);
    tree.setDir('uat', 'order', 'logs', usage(5, null), []);
    tree.markComplete('uat', 'order');
    expect(tree.totals()[0]!.reclaimableBytes).toBeUndefined();
  });

  it('drops services and namespaces that are gone, and sorts the rest', () => {
    const tree = new NasUsageTree();
    for (const [ns, svc] of [
      ['uat', 'b'],
      ['test', 'z'],
      ['test', 'a'],
      ['prod', 'x'],
    ] as const) {
      tree.setDir(ns, svc, '', usage(1), []);
      tree.markComplete(ns, svc);
    }
    tree.retainServices('test', ['a']);
    tree.retainNamespaces(['test', 'uat']);
    expect(tree.totals().map((t) => `${t.namespace}/${t.service}`)).toEqual(['test/a', 'uat/b']);
  });
});
