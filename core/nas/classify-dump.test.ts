import { describe, expect, it } from 'vitest';
import { classifyNasEntry } from './classify.js';
import type { NasEntry } from './entry.js';
import type { JvmStart } from './jvm-start.js';

const POD = 'gateway-5d8f7c9b6-x2x7q';
const T = '2024-05-01_10-20-30';
const T_START: JvmStart = { text: T, year: 2024, month: 5, day: 1, hour: 10, minute: 20, second: 30 };
const J9 = '20240501.102030.1.0001';

type Expected = Omit<NasEntry, 'relPath' | 'name'>;

const files: [string, Expected][] = [
  // -XX:HeapDumpPath=${DATA_DIR}/dump-${HOSTNAME}-%t.hprof: HotSpot leaves %t as is
  [`dump-${POD}-%t.hprof`, { kind: 'heap_dump', pod: POD, format: 'hprof' }],
  ['dump-svc-0-%t.hprof', { kind: 'heap_dump', pod: 'svc-0', format: 'hprof' }],
  ['dump-a-%t.hprof', { kind: 'heap_dump', pod: 'a', format: 'hprof' }],
  [`dump-${POD}-%t.hprof.gz`, { kind: 'heap_dump', pod: POD, format: 'hprof_gz' }],
  // second and later dumps of one JVM get `.<n>`
  [`dump-${POD}-%t.hprof.1`, { kind: 'heap_dump', pod: POD, format: 'hprof', sequence: 1 }],
  [`dump-${POD}-%t.hprof.12`, { kind: 'heap_dump', pod: POD, format: 'hprof', sequence: 12 }],
  [`dump-${POD}-%t.hprof.gz.2`, { kind: 'heap_dump', pod: POD, format: 'hprof_gz', sequence: 2 }],
  // an expanded start stamp (a wrapper that substitutes it)
  [`dump-${POD}-${T}.hprof`, { kind: 'heap_dump', pod: POD, jvmStart: T_START, format: 'hprof' }],
  [`dump-${POD}-${T}.hprof.gz`, { kind: 'heap_dump', pod: POD, jvmStart: T_START, format: 'hprof_gz' }],
  [`dump-${POD}-${T}.phd`, { kind: 'heap_dump', pod: POD, jvmStart: T_START, format: 'phd' }],
  [`dump-${POD}-%t.phd`, { kind: 'heap_dump', pod: POD, format: 'phd' }],
  // OpenJ9 -Xdump:heap:file=dump-<pod>-<tokens>.phd: where the pod ends needs the live pods
  [`dump-${POD}-${J9}.phd`, { kind: 'heap_dump', needsLivePods: true, format: 'phd' }],
  [`dump-svc-0-x.phd`, { kind: 'heap_dump', needsLivePods: true, format: 'phd' }],
  [`dump-svc-.phd`, { kind: 'heap_dump', needsLivePods: true, format: 'phd' }],
  // HotSpot default in a HeapDumpPath folder: no pod in the name
  ['java_pid1.hprof', { kind: 'heap_dump', format: 'hprof' }],
  ['java_pid12345.hprof', { kind: 'heap_dump', format: 'hprof' }],
  ['java_pid1.hprof.1', { kind: 'heap_dump', format: 'hprof', sequence: 1 }],
  ['java_pid7.hprof.gz', { kind: 'heap_dump', format: 'hprof_gz' }],
  // OpenJ9 default names
  [`heapdump.${J9}.phd`, { kind: 'heap_dump', format: 'phd' }],
  [`javacore.${J9}.txt`, { kind: 'heap_dump_aux' }],
  [`Snap.${J9}.trc`, { kind: 'heap_dump_aux' }],
  [`core.${J9}.dmp`, { kind: 'heap_dump_aux' }],
  [`jitdump.${J9}.dmp`, { kind: 'heap_dump_aux' }],
  // not dumps
  [`dump-${POD}-%t.hprof.tmp`, { kind: 'other' }],
  [`dump-${POD}-%T.hprof`, { kind: 'other' }],
  [`dump-${POD}-%t.HPROF`, { kind: 'other' }],
  [`dump-${POD}.hprof`, { kind: 'other' }],
  [`dump-${POD}-20240501.hprof`, { kind: 'other' }],
  [`${POD}.hprof`, { kind: 'other' }],
  ['java_pid.hprof', { kind: 'other' }],
  ['java_pidx.hprof', { kind: 'other' }],
  ['heapdump.phd', { kind: 'other' }],
  ['heapdump.2024.phd', { kind: 'other' }],
  [`javacore.${J9}.log`, { kind: 'other' }],
  [`snap.${J9}.trc`, { kind: 'other' }],
  ['dump-%t.hprof', { kind: 'other' }],
  ['dump--%t.hprof', { kind: 'other' }],
  [`dump-${POD}-%t.hprof.1234567890`, { kind: 'other' }],
];

describe('classifyNasEntry: heap dumps', () => {
  it.each(files)('%s', (name, expected) => {
    expect(classifyNasEntry(name, false)).toEqual({ relPath: name, name, ...expected });
  });

  it('reads a pod that is a prefix of another pod exactly', () => {
    expect(classifyNasEntry('dump-app-1-%t.hprof', false).pod).toBe('app-1');
    expect(classifyNasEntry('dump-app-10-%t.hprof', false).pod).toBe('app-10');
    expect(classifyNasEntry('dump-app-1-0-%t.hprof', false).pod).toBe('app-1-0');
  });
});

describe('classifyNasEntry: OpenJ9 dump folders', () => {
  // OpenJ9 reads -XX:HeapDumpPath as a folder and writes its default names inside.
  const folder = `dump-${POD}-%t.hprof`;

  it('classifies the folder as a heap dump folder of its pod', () => {
    expect(classifyNasEntry(folder, true)).toEqual({
      kind: 'heap_dump_dir',
      relPath: folder,
      name: folder,
      pod: POD,
    });
  });

  it.each([
    [`heapdump.${J9}.phd`, { kind: 'heap_dump', format: 'phd' }],
    [`javacore.${J9}.txt`, { kind: 'heap_dump_aux' }],
    [`Snap.${J9}.trc`, { kind: 'heap_dump_aux' }],
    [`core.${J9}.dmp`, { kind: 'heap_dump_aux' }],
    ['notes.txt', { kind: 'other' }],
    // a name carrying another pod: the folder decides the owner
    ['dump-other-1-%t.hprof', { kind: 'heap_dump', format: 'hprof' }],
  ])('%s inside it belongs to the folder pod', (name, expected) => {
    expect(classifyNasEntry(`${folder}/${name}`, false)).toEqual({
      relPath: `${folder}/${name}`,
      name,
      pod: POD,
      ...expected,
    });
  });

  it('keeps the pod on nested entries but does not classify them', () => {
    expect(classifyNasEntry(`${folder}/sub/heapdump.${J9}.phd`, false)).toMatchObject({
      kind: 'other',
      pod: POD,
    });
    expect(classifyNasEntry(`${folder}/sub`, true)).toMatchObject({ kind: 'other', pod: POD });
  });

  it('gives no pod inside a folder whose name has no single pod reading', () => {
    const entry = classifyNasEntry(`java_pid1.hprof/heapdump.${J9}.phd`, false);
    expect(entry).toEqual({
      kind: 'heap_dump',
      relPath: `java_pid1.hprof/heapdump.${J9}.phd`,
      name: `heapdump.${J9}.phd`,
      format: 'phd',
    });
    expect(classifyNasEntry(`dump-svc-0-x.phd/javacore.${J9}.txt`, false)).toEqual({
      kind: 'heap_dump_aux',
      relPath: `dump-svc-0-x.phd/javacore.${J9}.txt`,
      name: `javacore.${J9}.txt`,
    });
  });

  it('marks an ambiguous folder name for live-pod matching', () => {
    expect(classifyNasEntry('dump-svc-0-x.phd', true)).toMatchObject({
      kind: 'heap_dump_dir',
      needsLivePods: true,
    });
  });
});
