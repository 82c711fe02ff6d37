import { describe, expect, it } from 'vitest';
import { classifyNasEntry } from './classify.js';
import { addNasFile, addNasUsage, emptyNasUsage, isReclaimable } from './usage.js';

const POD = 'gateway-5d8f7c9b6-x2x7q';
const GONE = 'gateway-5d8f7c9b6-m4n6p';
const live = new Set([POD]);
const file = (relPath: string) => classifyNasEntry(relPath, false);

describe('isReclaimable', () => {
  it('files of a pod that is gone, never of a live pod', () => {
    expect(isReclaimable(file(`gc-${GONE}-2026-11-22_00-16-05.log`), live)).toBe(true);
    expect(isReclaimable(file(`gc-${GONE}-2026-11-22_00-16-05.log.3`), live)).toBe(true);
    expect(isReclaimable(file(`dump-${GONE}-%t.hprof`), live)).toBe(true);
    expect(isReclaimable(file(`logs/${GONE}-error.log`), live)).toBe(true);
    expect(isReclaimable(file(`logs/error/${GONE}.2026-11-21.log.gz`), live)).toBe(true);
    expect(isReclaimable(file(`gc-${POD}-2026-11-22_00-16-05.log`), live)).toBe(false);
    expect(isReclaimable(file(`logs/${POD}-error.log`), live)).toBe(false);
  });

  it('never config, tmp, tools or files that name no pod', () => {
    for (const relPath of ['application.yml', 'tmp/x', 'tools/arthas/arthas-boot.jar', 'gc.log', 'notes.txt'])
      expect(isReclaimable(file(relPath), live)).toBe(false);
  });

  it('a log whose pod name is a prefix of a live pod is not that live pod’s', () => {
    expect(isReclaimable(file('logs/app-1-error.log'), new Set(['app-10']))).toBe(true);
    expect(isReclaimable(file('logs/app-10-error.log'), new Set(['app-10']))).toBe(false);
  });
});

describe('addNasFile and addNasUsage', () => {
  it('sums bytes by kind and reclaimable bytes with live pods known', () => {
    const usage = emptyNasUsage(true);
    addNasFile(usage, file(`gc-${GONE}-2026-11-22_00-16-05.log`), 100, live);
    addNasFile(usage, file(`gc-${POD}-2026-11-22_00-16-05.log.0`), 50, live);
    addNasFile(usage, file(`dump-${POD}-%t.hprof`), 1000, live);
    addNasFile(usage, file(`logs/${POD}.log`), 7, live);
    addNasFile(usage, file(`logs/info/${GONE}.2026-11-20.log`), 3, live);
    addNasFile(usage, file('tools/jdk/bin/java'), 20, live);
    addNasFile(usage, file('application.yml'), 1, live);
    expect(usage).toEqual({
      bytes: { gc: 150, dump: 1000, log: 7, archive: 3, tools: 20, other: 1 },
      files: 7,
      reclaimableBytes: 103,
    });
  });

  it('leaves reclaimable unknown without live pods, and unknown wins when summing', () => {
    const unknown = emptyNasUsage(false);
    addNasFile(unknown, file(`gc-${GONE}-2026-11-22_00-16-05.log`), 100, undefined);
    expect(unknown.reclaimableBytes).toBeUndefined();
    const known = emptyNasUsage(true);
    addNasFile(known, file(`gc-${GONE}-2026-11-22_00-16-05.log`), 5, live);
    addNasUsage(known, unknown);
    expect(known).toMatchObject({ files: 2, reclaimableBytes: undefined });
    expect(known.bytes.gc).toBe(105);
  });
});
