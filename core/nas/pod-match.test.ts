import { describe, expect, it } from 'vitest';
import { classifyNasEntry } from './classify.js';
import type { NasEntryKind } from './entry.js';
import { compileNasLayout, defaultNasLayout } from './layout.js';
import { matchOwnerPod, resolveNasOwner } from './pod-match.js';
import { isValidPodName } from './pod-name.js';

const T = '2024-05-01_10-20-30';

describe('matchOwnerPod', () => {
  const live = new Set(['app-1', 'app-10', 'gw-7c9-abcde', 'gw-7c9-abcde1', 'svc-0', 'web.v2-0', 'gw']);

  /** [file name, kind, expected owner] */
  const cases: [string, NasEntryKind, string | undefined][] = [
    // a pod that is a prefix of another pod is a different pod
    ['app-1.log', 'app_log', 'app-1'],
    ['app-10.log', 'app_log', 'app-10'],
    ['app-1-error.log', 'app_log', 'app-1'],
    ['app-10-error.log', 'app_log', 'app-10'],
    ['app-100.log', 'app_log', undefined],
    ['app-1x.log', 'app_log', undefined],
    ['app-1', 'app_log', 'app-1'],
    ['app-1_info.log', 'app_log', 'app-1'],
    ['app-1.2024-05-01.0.log.gz', 'app_log', 'app-1'],
    ['gw-7c9-abcde.log', 'app_log', 'gw-7c9-abcde'],
    ['gw-7c9-abcde1.log', 'app_log', 'gw-7c9-abcde1'],
    ['gw-7c9-abcde1-error.log', 'app_log', 'gw-7c9-abcde1'],
    ['gw-7c9-abcde2.log', 'app_log', 'gw'],
    ['gw-7c9-abcde-error.log.gz', 'app_log', 'gw-7c9-abcde'],
    ['svc-0.log', 'app_log', 'svc-0'],
    ['svc-01.log', 'app_log', undefined],
    ['web.v2-0.log', 'app_log', 'web.v2-0'],
    ['web.v2-01.log', 'app_log', undefined],
    // substring is not ownership
    ['my-app-1.log', 'app_log', undefined],
    ['xapp-1.log', 'app_log', undefined],
    ['catalogs.log', 'app_log', undefined],
    ['APP-1.log', 'app_log', undefined],
    ['', 'app_log', undefined],
    // archives use the app log readings
    ['app-10.2024-05-01.log.gz', 'log_archive_file', 'app-10'],
    // GC logs and dumps, with rotation and sequence suffixes
    [`gc-app-1-${T}.log`, 'gc_log', 'app-1'],
    [`gc-app-10-${T}.log.3`, 'gc_log_archive', 'app-10'],
    [`gc-app-1-${T}.log.3.current`, 'gc_log', 'app-1'],
    [`gc-app-100-${T}.log`, 'gc_log', undefined],
    ['gc-svc-0.log.1', 'gc_log_archive', 'svc-0'],
    ['dump-app-1-%t.hprof', 'heap_dump', 'app-1'],
    ['dump-app-10-%t.hprof.1', 'heap_dump', 'app-10'],
    ['dump-gw-7c9-abcde1-20240501.102030.1.0001.phd', 'heap_dump', 'gw-7c9-abcde1'],
    ['dump-gw-7c9-abcde-%t.hprof', 'heap_dump_dir', 'gw-7c9-abcde'],
    // app log readings are not used for other kinds, nor kinds without pods
    ['app-1.log', 'gc_log', undefined],
    ['app-1.log', 'heap_dump_aux', undefined],
    ['app-1.log', 'other', undefined],
    ['app-1', 'config', undefined],
  ];

  it.each(cases)('%s as %s -> %s', (name, kind, owner) => {
    expect(matchOwnerPod(name, live, compileNasLayout(), kind)).toBe(owner);
  });

  it('defaults to app log readings', () => {
    expect(matchOwnerPod('app-10-error.log', live)).toBe('app-10');
  });

  it('finds no owner without live pods', () => {
    expect(matchOwnerPod('app-1.log', new Set())).toBeUndefined();
  });

  it('never considers a pod name longer than Kubernetes allows', () => {
    const long = 'a'.repeat(254);
    expect(matchOwnerPod(`${long}.log`, new Set([long]))).toBeUndefined();
    const max = 'a'.repeat(253);
    expect(matchOwnerPod(`${max}.log`, new Set([max]))).toBe(max);
  });

  it('follows a custom layout', () => {
    const layout = compileNasLayout({ ...defaultNasLayout, appLogs: ['app-{pod}.txt'] });
    expect(matchOwnerPod('app-svc-0.txt', live, layout)).toBe('svc-0');
    expect(matchOwnerPod('svc-0.log', live, layout)).toBeUndefined();
  });
});

describe('resolveNasOwner', () => {
  const live = new Set(['app-1', 'gateway-5d8f7c9b6-x2x7q']);
  const owner = (relPath: string, isDirectory = false) =>
    resolveNasOwner(classifyNasEntry(relPath, isDirectory), live);

  it('uses the exact pod of structured names', () => {
    expect(owner(`gc-app-1-${T}.log`)).toEqual({ state: 'live', pod: 'app-1' });
    expect(owner(`gc-app-10-${T}.log.2`)).toEqual({ state: 'gone', pod: 'app-10' });
    expect(owner('dump-gateway-5d8f7c9b6-old00-%t.hprof')).toEqual({
      state: 'gone',
      pod: 'gateway-5d8f7c9b6-old00',
    });
  });

  it('matches app logs against the live pods', () => {
    expect(owner('logs/app-1-error.log')).toEqual({ state: 'live', pod: 'app-1' });
    expect(owner('logs/app-10.log')).toEqual({ state: 'gone' });
    expect(owner('logs/info/gateway-5d8f7c9b6-x2x7q.2024-05-01.log.gz')).toEqual({
      state: 'live',
      pod: 'gateway-5d8f7c9b6-x2x7q',
    });
  });

  it('gives files inside a dump folder to the folder pod', () => {
    expect(owner('dump-app-1-%t.hprof/javacore.20240501.102030.1.0001.txt')).toEqual({
      state: 'live',
      pod: 'app-1',
    });
  });

  it.each([
    ['gc.log.3.current', false],
    ['java_pid1.hprof', false],
    ['heapdump.20240501.102030.1.0001.phd', false],
    ['application.yml', false],
    ['tmp/x', false],
    ['tools/arthas', true],
    ['catalogs.log', false],
    ['logs', true],
    ['logs/README', false],
  ])('%s belongs to no pod', (relPath, isDirectory) => {
    expect(owner(relPath, isDirectory)).toEqual({ state: 'unowned' });
  });
});

describe('isValidPodName', () => {
  it.each([
    ['a', true],
    ['svc-0', true],
    ['gateway-5d8f7c9b6-x2x7q', true],
    ['web.v2-0', true],
    ['0abc', true],
    ['a'.repeat(253), true],
    ['a'.repeat(254), false],
    ['', false],
    ['-a', false],
    ['a-', false],
    ['a..b', false],
    ['a.-b', false],
    ['A', false],
    ['a_b', false],
    ['a b', false],
    ['ä', false],
  ])('%s -> %s', (name, valid) => {
    expect(isValidPodName(name)).toBe(valid);
  });
});
