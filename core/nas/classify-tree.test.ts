import { describe, expect, it } from 'vitest';
import { classifyNasEntry } from './classify.js';
import type { NasEntryKind } from './entry.js';

const POD = 'gateway-5d8f7c9b6-x2x7q';

/** [relPath, isDirectory, kind, needsLivePods] */
const cases: [string, boolean, NasEntryKind, boolean][] = [
  // fixed folders at the root
  ['logs', true, 'logs_dir', false],
  ['tmp', true, 'tmp', false],
  ['tmp/upload-1.bin', false, 'tmp', false],
  ['tmp/a/b/c', true, 'tmp', false],
  ['tools', true, 'tools', false],
  ['tools/arthas', true, 'tools', false],
  ['tools/arthas/arthas-boot.jar', false, 'tools', false],
  ['tools/jdk-17/bin/jcmd', false, 'tools', false],
  // a file named like a fixed folder is not that folder
  ['logs', false, 'other', false],
  ['tmp', false, 'other', false],
  ['tools', false, 'other', false],
  // Spring config: `application*`, file or folder, and what is inside such a folder
  ['application.yml', false, 'config', false],
  ['application-prod.yml', false, 'config', false],
  ['application.properties', false, 'config', false],
  ['application', false, 'config', false],
  ['application', true, 'config', false],
  ['application/bootstrap.yml', false, 'config', false],
  ['Application.yml', false, 'other', false],
  ['my-application.yml', false, 'other', false],
  // substring look-alikes at the root are never logs or pod files
  ['catalogs.log', false, 'other', false],
  ['profile-x.log', false, 'other', false],
  ['profile-gc-x.log', false, 'other', false],
  ['blogs', true, 'other', false],
  ['logs-old', true, 'other', false],
  ['logs-old/x.log', false, 'other', false],
  ['tmpfiles', true, 'other', false],
  ['mytools', true, 'other', false],
  [`${POD}.log`, false, 'other', false],
  ['catalina.out', false, 'other', false],
  // application logs directly in logs/
  [`logs/${POD}.log`, false, 'app_log', true],
  [`logs/${POD}-error.log`, false, 'app_log', true],
  [`logs/${POD}_info.log`, false, 'app_log', true],
  [`logs/${POD}.2024-05-01.0.log.gz`, false, 'app_log', true],
  [`logs/${POD}`, false, 'app_log', true],
  ['logs/svc-0.log', false, 'app_log', true],
  ['logs/gw-abc.log', false, 'app_log', true],
  ['logs/catalogs.log', false, 'app_log', true],
  // names that cannot start with a pod name
  ['logs/README', false, 'other', false],
  ['logs/.nfs000000000123', false, 'other', false],
  ['logs/-x.log', false, 'other', false],
  ['logs/日志.log', false, 'other', false],
  ['logs/Gateway.log', false, 'other', false],
  // archive folders and their content
  ['logs/error', true, 'log_archive_dir', false],
  ['logs/info', true, 'log_archive_dir', false],
  ['logs/warn', true, 'log_archive_dir', false],
  ['logs/error/2024-05', true, 'log_archive_dir', false],
  ['logs/error/x.log', false, 'log_archive_file', true],
  [`logs/info/${POD}.2024-05-01.log.gz`, false, 'log_archive_file', true],
  ['logs/warn/2024-05/svc-0.1.log', false, 'log_archive_file', true],
  ['logs/error/ERROR.LOG', false, 'log_archive_file', false],
  // `error` is an archive folder only inside logs/, and only as a folder (a file reads as a pod's)
  ['logs/error', false, 'app_log', true],
  ['error', true, 'other', false],
  ['logs/debug', true, 'other', false],
  ['logs/debug/x.log', false, 'other', false],
  ['logs/errors', true, 'other', false],
  ['logs/x/error/a.log', false, 'other', false],
  // odd characters and unicode never throw and match nothing
  ['with space.log', false, 'other', false],
  ['日志', true, 'other', false],
  ['emoji-😀.log', false, 'other', false],
  ['100%.log', false, 'other', false],
  ['$HOME', false, 'other', false],
  ['[x](y){z}', false, 'other', false],
  ['.hidden', false, 'other', false],
  ['.snapshot', true, 'other', false],
  ['line\nbreak', false, 'other', false],
  ['back\\slash.log', false, 'other', false],
  ['x'.repeat(300), false, 'other', false],
];

describe('classifyNasEntry: service folder tree', () => {
  it.each(cases)('%j (dir %s) -> %s', (relPath, isDirectory, kind, needsLivePods) => {
    const entry = classifyNasEntry(relPath, isDirectory);
    expect(entry.kind).toBe(kind);
    expect(entry.needsLivePods === true).toBe(needsLivePods);
    expect(entry.pod).toBeUndefined();
  });

  it('normalises the relative path and names the last segment', () => {
    expect(classifyNasEntry('/logs//error/x.log/', false)).toEqual({
      kind: 'log_archive_file',
      relPath: 'logs/error/x.log',
      name: 'x.log',
      needsLivePods: true,
    });
  });

  it.each(['', '/', '.', '..', '../x', 'logs/../tools/x', 'logs/./a.log', 'x'.repeat(5000)])(
    'treats %j as other without throwing',
    (relPath) => {
      expect(classifyNasEntry(relPath, false).kind).toBe('other');
    },
  );

  it('handles very long names with many separators quickly enough to finish', () => {
    const name = `logs/${'a-'.repeat(120)}.log`;
    expect(classifyNasEntry(name, false).kind).toBe('app_log');
    expect(classifyNasEntry(`dump-${'a-'.repeat(120)}x`, false).kind).toBe('other');
  });
});
