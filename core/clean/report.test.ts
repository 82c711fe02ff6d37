import { describe, expect, it } from 'vitest';
import {
  countKept,
  emptyKept,
  formatBytes,
  renderCleanReport,
  totalsOf,
  type CleanReport,
} from './report.js';
import type { CleanupPlan } from './types.js';

const report: CleanReport = {
  dryRun: true,
  services: [
    {
      namespace: 'test',
      service: 'gateway',
      livePods: 2,
      deletedFiles: 3,
      deletedBytes: 3072,
      kept: { ...emptyKept(), live: 4 },
      failed: 0,
    },
    {
      namespace: 'test',
      service: 'old',
      livePods: 0,
      deletedFiles: 1,
      deletedBytes: 10,
      kept: emptyKept(),
      failed: 0,
    },
    {
      namespace: 'uat',
      service: 'pay',
      livePods: 1,
      deletedFiles: 0,
      deletedBytes: 0,
      kept: emptyKept(),
      failed: 0,
      error: { code: 'E_NAS_HUNG', message: 'NAS hung' },
    },
  ],
  namespaceFailures: [{ namespace: 'prod', code: 'E_KUBE_FORBIDDEN', message: 'forbidden' }],
};

describe('renderCleanReport', () => {
  it('prints one row per service, totals, and calls out empty services and failures', () => {
    const text = renderCleanReport(report);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+SERVICE\s+PODS\s+DELETED/);
    expect(lines[1]).toMatch(/^test\s+gateway\s+2\s+3\s+3\.0 KiB\s+4/);
    expect(text).toContain('would delete 4 entries, 3.0 KiB');
    expect(text).toContain('note: test/old has no live pod');
    expect(text).toContain('error: uat/pay: NAS hung');
    expect(text).toContain('namespace prod not cleaned');
  });
});

describe('totals and counts', () => {
  it('sums services', () => {
    expect(totalsOf(report)).toEqual({ files: 4, bytes: 3082, failed: 0 });
  });
  it('counts keeps by reason', () => {
    const plan: CleanupPlan = {
      deletions: [],
      keeps: [
        { relPath: 'a', kind: 'config', isDirectory: false, size: 1, mtimeMs: 0, reason: 'protected' },
        { relPath: 'b', kind: 'tmp', isDirectory: true, size: 1, mtimeMs: 0, reason: 'protected' },
        { relPath: 'c', kind: 'gc_log', isDirectory: false, size: 1, mtimeMs: 0, reason: 'live' },
      ],
    };
    expect(countKept(plan)).toEqual({ ...emptyKept(), protected: 2, live: 1 });
  });
  it('formats sizes', () => {
    expect([formatBytes(5), formatBytes(1536), formatBytes(3 * 1024 ** 3)]).toEqual([
      '5 B',
      '1.5 KiB',
      '3.0 GiB',
    ]);
  });
});
