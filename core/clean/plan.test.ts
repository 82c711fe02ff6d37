import { describe, expect, it } from 'vitest';
import { planCleanup } from './plan.js';
import type { ListedEntry, PlanOptions } from './types.js';

const NOW = Date.UTC(2026, 10, 22, 3, 0, 0);
const MIN = 60_000;
const DAY = 24 * 60 * MIN;

function file(relPath: string, ageMs = 2 * DAY, size = 10): ListedEntry {
  return { relPath, isDirectory: false, isSymlink: false, size, mtimeMs: NOW - ageMs };
}
function dir(relPath: string, ageMs = 2 * DAY): ListedEntry {
  return { relPath, isDirectory: true, isSymlink: false, size: 4096, mtimeMs: NOW - ageMs };
}
function link(relPath: string): ListedEntry {
  return { relPath, isDirectory: false, isSymlink: true, size: 12, mtimeMs: NOW - 2 * DAY };
}

const options: PlanOptions = { nowMs: NOW, minAgeMs: 10 * MIN };

/** Plans and returns path -> reason for deletions and keeps. */
function decisions(
  listing: ListedEntry[],
  live: string[],
  opts: Partial<PlanOptions> = {},
): { deleted: Record<string, string>; kept: Record<string, string> } {
  const plan = planCleanup(listing, new Set(live), { ...options, ...opts });
  return {
    deleted: Object.fromEntries(plan.deletions.map((e) => [e.relPath, e.reason])),
    kept: Object.fromEntries(plan.keeps.map((e) => [e.relPath, e.reason])),
  };
}

describe('planCleanup: one entry at a time', () => {
  const LIVE = ['gateway-7c9d-x2x7q', 'app-1', 'file', 'pay 服务-1'];
  const cases: [string, ListedEntry, string, string][] = [
    ['GC log of a live pod', file('gc-gateway-7c9d-x2x7q-2026-11-20_01-02-03.log'), 'kept', 'live'],
    ['GC log of a gone pod', file('gc-gateway-7c9d-aaaaa-2026-11-20_01-02-03.log'), 'deleted', 'gone_pod'],
    [
      'GC archive of a gone pod',
      file('gc-gateway-7c9d-aaaaa-2026-11-20_01-02-03.log.0'),
      'deleted',
      'gone_pod',
    ],
    ['GC archive of a live pod', file('gc-gateway-7c9d-x2x7q-2026-11-20_01-02-03.log.3'), 'kept', 'live'],
    ['literal %t dump of a live pod', file('dump-gateway-7c9d-x2x7q-%t.hprof'), 'kept', 'live'],
    ['literal %t dump of a gone pod', file('dump-gateway-7c9d-zzzzz-%t.hprof'), 'deleted', 'gone_pod'],
    ['second dump of a gone pod', file('dump-gateway-7c9d-zzzzz-%t.hprof.1'), 'deleted', 'gone_pod'],
    ['java_pid dump (no pod)', file('java_pid1.hprof'), 'deleted', 'unowned'],
    ['plain gc.log (no pod)', file('gc.log'), 'deleted', 'unowned'],
    ['catalogs.log at the root', file('catalogs.log'), 'deleted', 'unowned'],
    ['profile-x.log is not the live pod "file"', file('profile-x.log'), 'deleted', 'unowned'],
    ['unknown name of a live pod', file('app-1.out'), 'kept', 'live'],
    ['application.yml', file('application.yml'), 'kept', 'protected'],
    ['application-prod.properties', file('application-prod.properties'), 'kept', 'protected'],
    ['tmp folder', dir('tmp'), 'kept', 'protected'],
    ['file in tmp', file('tmp/x.bin'), 'kept', 'protected'],
    ['logs folder', dir('logs'), 'kept', 'protected'],
    ['archive folder', dir('logs/error'), 'kept', 'protected'],
    [
      'file in an archive folder, even of a live pod',
      file('logs/error/app-1-error.log.gz'),
      'deleted',
      'archive',
    ],
    ['file in info archive', file('logs/info/x.log'), 'deleted', 'archive'],
    ['folder inside an archive folder', dir('logs/warn/2026-11'), 'deleted', 'archive'],
    ['app log of a live pod', file('logs/app-1.log'), 'kept', 'live'],
    ['app log of a gone pod', file('logs/app-2.log'), 'deleted', 'gone_pod'],
    ['catalogs.log in logs/', file('logs/catalogs.log'), 'deleted', 'gone_pod'],
    ['unicode and spaces, live', file('logs/pay 服务-1.log'), 'kept', 'live'],
    ['unicode and spaces, gone', file('logs/pay 服务-2.log'), 'deleted', 'unowned'],
    ['tools folder', dir('tools'), 'deleted', 'tools'],
    ['file in tools', file('tools/arthas/arthas-boot.jar'), 'deleted', 'tools'],
    ['unknown folder at the root', dir('backup'), 'deleted', 'unowned'],
    ['symlink at the root', link('escape'), 'kept', 'symlink'],
    ['NFS silly-rename file', file('.nfs000000000123abcd00000001'), 'kept', 'protected'],
  ];
  it.each(cases)('%s', (_name, entry, where, reason) => {
    const result = decisions([entry], LIVE);
    expect(result[where as 'deleted' | 'kept']).toEqual({ [entry.relPath]: reason });
  });
});

describe('planCleanup: pods whose names are prefixes of each other', () => {
  it('keeps the longest live pod and deletes the gone one', () => {
    const listing = [file('logs/app-1.log'), file('logs/app-10.log'), file('logs/app-1-error.log')];
    expect(decisions(listing, ['app-10']).deleted).toEqual({
      'logs/app-1.log': 'gone_pod',
      'logs/app-1-error.log': 'gone_pod',
    });
    expect(decisions(listing, ['app-1']).deleted).toEqual({ 'logs/app-10.log': 'gone_pod' });
  });
});

describe('planCleanup: guards', () => {
  it('keeps files younger than minAge and newer than olderThan', () => {
    const listing = [file('gc.log', 5 * MIN), file('a.log', 2 * 60 * MIN), file('b.log', 3 * DAY)];
    expect(decisions(listing, [], { olderThanMs: DAY })).toEqual({
      deleted: { 'b.log': 'unowned' },
      kept: { 'gc.log': 'too_new', 'a.log': 'not_old_enough' },
    });
  });

  it('keeps the newest N heap dumps that would go', () => {
    const listing = [
      file('dump-a-1-%t.hprof', 3 * DAY),
      file('dump-a-2-%t.hprof', 2 * DAY),
      file('dump-a-3-%t.hprof', 4 * DAY),
      file('dump-live-%t.hprof', 1 * DAY),
    ];
    const result = decisions(listing, ['live'], { keepDumps: 2 });
    expect(result.kept).toEqual({
      'dump-a-1-%t.hprof': 'kept_dump',
      'dump-a-2-%t.hprof': 'kept_dump',
      'dump-live-%t.hprof': 'live',
    });
    expect(result.deleted).toEqual({ 'dump-a-3-%t.hprof': 'gone_pod' });
  });

  it('judges a folder by its content, not by its own mtime', () => {
    const listing = [dir('tools', MIN), file('tools/old.jar')];
    expect(decisions(listing, []).deleted).toEqual({ tools: 'tools', 'tools/old.jar': 'tools' });
  });

  it('never removes a folder that holds a kept entry (symlink or new file)', () => {
    const listing = [dir('backup'), link('backup/etc'), dir('tools'), file('tools/new.jar', MIN)];
    expect(decisions(listing, [])).toEqual({
      deleted: {},
      kept: { backup: 'not_empty', 'backup/etc': 'symlink', tools: 'not_empty', 'tools/new.jar': 'too_new' },
    });
  });
});

describe('planCleanup: a whole service folder', () => {
  it('lists files before folders, deepest folders first', () => {
    const listing = [
      dir('tools'),
      dir('tools/arthas'),
      file('tools/arthas/a.jar'),
      dir('logs'),
      dir('logs/error'),
      file('logs/error/x.log'),
      file('gc-old-2026-11-20_01-02-03.log'),
    ];
    const plan = planCleanup(listing, new Set(), options);
    expect(plan.deletions.map((e) => e.relPath)).toEqual([
      'gc-old-2026-11-20_01-02-03.log',
      'logs/error/x.log',
      'tools/arthas/a.jar',
      'tools/arthas',
      'tools',
    ]);
    expect(plan.keeps.map((e) => e.relPath)).toEqual(['logs', 'logs/error']);
  });

  it('keeps everything of live pods and deletes nothing when every file is live', () => {
    const listing = [file('gc-p-1-2026-11-20_01-02-03.log'), file('logs/p-1.log'), file('dump-p-1-%t.hprof')];
    const plan = planCleanup(listing, new Set(['p-1']), options);
    expect(plan.deletions).toEqual([]);
    expect(plan.keeps.every((e) => e.reason === 'live' && e.pod === 'p-1')).toBe(true);
  });
});
