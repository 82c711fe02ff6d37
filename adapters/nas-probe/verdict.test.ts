import { describe, expect, it } from 'vitest';
import type { ProbeErrno } from './errno.js';
import type { ProbeOutcome, ProbeOpResult } from './runner.js';
import type { ProbeTarget } from './targets.js';
import { formatBytes, judgeMount } from './verdict.js';

const target: ProbeTarget = {
  path: '/mnt',
  origins: ['mount'],
  isMountPoint: true,
  mounted: true,
  source: '10.0.0.5:/export',
  fstype: 'nfs4',
  options: 'rw,hard,vers=4.1',
  mountPoint: '/mnt',
  readOnly: false,
};
const t = { timeoutMs: 5000, slowMs: 1000, minFreePercent: 5 };
const ok = (op: ProbeOpResult['op'], durationMs = 2): ProbeOpResult => ({ op, ok: true, durationMs });
const fail = (op: ProbeOpResult['op'], errno: ProbeErrno): ProbeOpResult => ({
  op,
  ok: false,
  durationMs: 1,
  errno,
  code: errno,
});
const space = {
  sizeBytes: 1000 * 2 ** 30,
  availBytes: 600 * 2 ** 30,
  freeBytes: 650 * 2 ** 30,
  files: 1000,
  filesFree: 900,
};
const outcome = (results: ProbeOpResult[], extra: Partial<ProbeOutcome> = {}): ProbeOutcome => ({
  path: '/mnt',
  results,
  space,
  complete: true,
  ...extra,
});

describe('judgeMount', () => {
  it('OK with numbers when every operation answered in time', () => {
    const check = judgeMount(target, outcome([ok('stat'), ok('statfs'), ok('readdir')]), t);
    expect(check).toMatchObject({ verdict: 'OK', healthy: true, reasons: [] });
    expect(check.space).toMatchObject({ availPercent: 60, filesFreePercent: 90 });
  });

  it('SLOW is healthy and names the slow operation', () => {
    const check = judgeMount(target, outcome([ok('stat'), ok('statfs', 2500), ok('readdir')]), t);
    expect(check).toMatchObject({ verdict: 'SLOW', healthy: true });
    expect(check.reasons[0]).toContain('statfs took 2.5 s');
  });

  it('HUNG when an operation passed its deadline, or a soft mount gave up', () => {
    const hung = judgeMount(target, outcome([ok('stat')], { hungOp: 'statfs', complete: false }), t);
    expect(hung).toMatchObject({ verdict: 'HUNG', healthy: false });
    expect(hung.ops.at(-1)).toEqual({ op: 'statfs', ok: false, errno: 'timeout' });
    expect(judgeMount(target, outcome([fail('stat', 'EIO')]), t).verdict).toBe('HUNG');
  });

  it('STALE for ESTALE and ENOTCONN, with a remount hint', () => {
    const check = judgeMount(target, outcome([fail('stat', 'ENOTCONN')]), t);
    expect(check.verdict).toBe('STALE');
    expect(check.hints.join('\n')).toContain('umount -l /mnt');
    expect(judgeMount(target, outcome([fail('stat', 'ESTALE')]), t).verdict).toBe('STALE');
  });

  it('READ-ONLY from the ro option or EROFS on the write probe', () => {
    expect(judgeMount({ ...target, readOnly: true }, outcome([ok('stat')]), t).verdict).toBe('READ-ONLY');
    const check = judgeMount(
      target,
      outcome([ok('stat'), ok('statfs'), ok('readdir'), fail('write', 'EROFS')]),
      t,
    );
    expect(check).toMatchObject({ verdict: 'READ-ONLY', healthy: false });
  });

  it('FULL below the free space or inode floor, or on ENOSPC/EDQUOT', () => {
    const low = { ...space, availBytes: 10 * 2 ** 30 };
    const check = judgeMount(target, outcome([ok('stat')], { space: low }), t);
    expect(check.verdict).toBe('FULL');
    expect(check.reasons[0]).toBe('10.0 GiB free of 1000.0 GiB (1.0%, below 5%)');
    const inodes = judgeMount(target, outcome([ok('stat')], { space: { ...space, filesFree: 3 } }), t);
    expect(inodes.verdict).toBe('FULL');
    expect(judgeMount(target, outcome([fail('write', 'EDQUOT')]), t).verdict).toBe('FULL');
  });

  it('NOT-MOUNTED for an unmounted target or a missing folder; the worst verdict wins', () => {
    expect(judgeMount({ ...target, mounted: false }, undefined, t).verdict).toBe('NOT-MOUNTED');
    expect(judgeMount(target, outcome([fail('stat', 'ENOENT')]), t).verdict).toBe('NOT-MOUNTED');
    const both = judgeMount({ ...target, readOnly: true }, outcome([fail('stat', 'ENOTCONN')]), t);
    expect(both.verdict).toBe('STALE');
    expect(both.reasons).toHaveLength(2);
  });

  it('ERROR for other failures and for a probe that could not run', () => {
    expect(judgeMount(target, outcome([fail('readdir', 'EACCES')]), t).verdict).toBe('ERROR');
    const crashed = judgeMount(target, outcome([], { complete: false, childError: 'exit 1' }), t);
    expect(crashed).toMatchObject({ verdict: 'ERROR', healthy: false });
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(3 * 2 ** 40)).toBe('3.0 TiB');
  });
});
