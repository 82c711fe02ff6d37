import { describe, expect, it } from 'vitest';
import { classifyNasEntry, podFromName } from './classify.js';
import type { NasEntry } from './entry.js';
import type { JvmStart } from './jvm-start.js';

const DEPLOY = 'gateway-5d8f7c9b6-x2x7q';
const STS = 'svc-0';
const T = '2024-05-01_10-20-30';
const T_START: JvmStart = { text: T, year: 2024, month: 5, day: 1, hour: 10, minute: 20, second: 30 };

type Expected = Omit<NasEntry, 'relPath' | 'name'>;

/** File name at the service root -> the whole entry except relPath/name (which equal the name). */
const cases: [string, Expected][] = [
  // `-Xlog:gc:${DATA_DIR}/gc-${HOSTNAME}-%t.log`
  [
    `gc-${DEPLOY}-${T}.log`,
    { kind: 'gc_log', pod: DEPLOY, jvmStart: T_START, chainKey: `gc-${DEPLOY}-${T}.log` },
  ],
  [`gc-${STS}-${T}.log`, { kind: 'gc_log', pod: STS, jvmStart: T_START, chainKey: `gc-${STS}-${T}.log` }],
  [`gc-a-${T}.log`, { kind: 'gc_log', pod: 'a', jvmStart: T_START, chainKey: `gc-a-${T}.log` }],
  [
    `gc-web.v2-0-${T}.log`,
    { kind: 'gc_log', pod: 'web.v2-0', jvmStart: T_START, chainKey: `gc-web.v2-0-${T}.log` },
  ],
  // a pod whose name itself ends like a date part
  [
    `gc-batch-2024-05-${T}.log`,
    { kind: 'gc_log', pod: 'batch-2024-05', jvmStart: T_START, chainKey: `gc-batch-2024-05-${T}.log` },
  ],
  // Unified Logging archives, zero-padded to the digits of filecount-1
  ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((n): [string, Expected] => [
    `gc-${DEPLOY}-${T}.log.${n}`,
    {
      kind: 'gc_log_archive',
      pod: DEPLOY,
      jvmStart: T_START,
      rotation: n,
      chainKey: `gc-${DEPLOY}-${T}.log`,
    },
  ]),
  [
    `gc-${DEPLOY}-${T}.log.00`,
    {
      kind: 'gc_log_archive',
      pod: DEPLOY,
      jvmStart: T_START,
      rotation: 0,
      chainKey: `gc-${DEPLOY}-${T}.log`,
    },
  ],
  [
    `gc-${DEPLOY}-${T}.log.07`,
    {
      kind: 'gc_log_archive',
      pod: DEPLOY,
      jvmStart: T_START,
      rotation: 7,
      chainKey: `gc-${DEPLOY}-${T}.log`,
    },
  ],
  [
    `gc-${DEPLOY}-${T}.log.999`,
    {
      kind: 'gc_log_archive',
      pod: DEPLOY,
      jvmStart: T_START,
      rotation: 999,
      chainKey: `gc-${DEPLOY}-${T}.log`,
    },
  ],
  // JDK 8 -XX:+UseGCLogFileRotation: every file numbered, the active one `.current`
  [
    `gc-${DEPLOY}-${T}.log.2.current`,
    {
      kind: 'gc_log',
      pod: DEPLOY,
      jvmStart: T_START,
      rotation: 2,
      current: true,
      chainKey: `gc-${DEPLOY}-${T}.log`,
    },
  ],
  ['gc.log', { kind: 'gc_log', chainKey: 'gc.log' }],
  ['gc.log.0', { kind: 'gc_log_archive', rotation: 0, chainKey: 'gc.log' }],
  ['gc.log.3', { kind: 'gc_log_archive', rotation: 3, chainKey: 'gc.log' }],
  ['gc.log.3.current', { kind: 'gc_log', rotation: 3, current: true, chainKey: 'gc.log' }],
  ['gc.log.10.current', { kind: 'gc_log', rotation: 10, current: true, chainKey: 'gc.log' }],
  // without the start stamp
  [`gc-${DEPLOY}.log`, { kind: 'gc_log', pod: DEPLOY, chainKey: `gc-${DEPLOY}.log` }],
  [`gc-${STS}.log`, { kind: 'gc_log', pod: STS, chainKey: `gc-${STS}.log` }],
  [`gc-${STS}.log.1`, { kind: 'gc_log_archive', pod: STS, rotation: 1, chainKey: `gc-${STS}.log` }],
  [
    `gc-${STS}.log.0.current`,
    { kind: 'gc_log', pod: STS, rotation: 0, current: true, chainKey: `gc-${STS}.log` },
  ],
  [`gc-${T}.log`, { kind: 'gc_log', jvmStart: T_START, chainKey: `gc-${T}.log` }],
  [`gc-${T}.log.4`, { kind: 'gc_log_archive', jvmStart: T_START, rotation: 4, chainKey: `gc-${T}.log` }],
  // `%t` left literally (a JVM that does not expand it)
  [`gc-${DEPLOY}-%t.log`, { kind: 'gc_log', pod: DEPLOY, chainKey: `gc-${DEPLOY}-%t.log` }],
  [
    `gc-${DEPLOY}-%t.log.1`,
    { kind: 'gc_log_archive', pod: DEPLOY, rotation: 1, chainKey: `gc-${DEPLOY}-%t.log` },
  ],
  // a stamp that is no calendar time still makes a GC log, without jvmStart
  [
    `gc-${DEPLOY}-2024-02-30_10-20-30.log`,
    { kind: 'gc_log', pod: DEPLOY, chainKey: `gc-${DEPLOY}-2024-02-30_10-20-30.log` },
  ],
  [
    `gc-${DEPLOY}-2024-13-01_10-20-30.log`,
    { kind: 'gc_log', pod: DEPLOY, chainKey: `gc-${DEPLOY}-2024-13-01_10-20-30.log` },
  ],
  // a reading that is no valid pod name names no pod
  [`gc-a..b-${T}.log`, { kind: 'gc_log', jvmStart: T_START, chainKey: `gc-a..b-${T}.log` }],
  [`gc-a-.log`, { kind: 'gc_log', chainKey: 'gc-a-.log' }],
  [`gc-${'a'.repeat(254)}.log`, { kind: 'gc_log', chainKey: `gc-${'a'.repeat(254)}.log` }],
  // not GC logs
  [`gc-${DEPLOY}-${T}.log.current`, { kind: 'other' }],
  [`gc-${DEPLOY}-${T}.log.1.2`, { kind: 'other' }],
  [`gc-${DEPLOY}-${T}.log.1234567890`, { kind: 'other' }],
  [`gc-${DEPLOY}-${T}.log.gz`, { kind: 'other' }],
  [`gc-${DEPLOY}-${T}.txt`, { kind: 'other' }],
  [`GC-${DEPLOY}-${T}.log`, { kind: 'other' }],
  [`gc-Gateway-${T}.log`, { kind: 'other' }],
  [`gc_${DEPLOY}.log`, { kind: 'other' }],
  [`x-gc-${DEPLOY}-${T}.log`, { kind: 'other' }],
  [`gc-.log`, { kind: 'other' }],
  ['gc.log.', { kind: 'other' }],
  ['gc.logs', { kind: 'other' }],
  ['gclog', { kind: 'other' }],
  [`gc-${DEPLOY}-${T}.log `, { kind: 'other' }],
  [`gc-日志-${T}.log`, { kind: 'other' }],
];

describe('classifyNasEntry: GC logs', () => {
  it.each(cases)('%s', (name, expected) => {
    expect(classifyNasEntry(name, false)).toEqual({ relPath: name, name, ...expected });
  });

  it('groups one JVM run by chainKey and keeps runs and pods apart', () => {
    const later = '2024-05-02_08-00-00';
    const names = [
      `gc-${DEPLOY}-${T}.log`,
      `gc-${DEPLOY}-${T}.log.0`,
      `gc-${DEPLOY}-${T}.log.1`,
      `gc-${DEPLOY}-${later}.log`,
      `gc-${DEPLOY}1-${T}.log.0`,
    ];
    const keys = names.map((n) => classifyNasEntry(n, false).chainKey);
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(new Set(keys).size).toBe(3);
  });

  it('treats a folder named like a GC log as other', () => {
    expect(classifyNasEntry(`gc-${DEPLOY}-${T}.log`, true).kind).toBe('other');
  });

  it('podFromName reads the pod of structured names only', () => {
    expect(podFromName(`gc-${DEPLOY}-${T}.log.3`)).toBe(DEPLOY);
    expect(podFromName(`dump-${DEPLOY}-%t.hprof`)).toBe(DEPLOY);
    expect(podFromName('gc.log')).toBeUndefined();
    expect(podFromName('catalogs.log')).toBeUndefined();
  });
});
