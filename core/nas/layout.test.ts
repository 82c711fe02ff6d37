import { describe, expect, it } from 'vitest';
import { classifyNasEntry } from './classify.js';
import {
  compileNasLayout,
  defaultNasLayout,
  NasLayoutError,
  validateNasLayout,
  type NasLayout,
} from './layout.js';

describe('validateNasLayout', () => {
  it('accepts the default layout', () => {
    expect(validateNasLayout(defaultNasLayout)).toEqual([]);
  });

  it('lists every issue with its path', () => {
    const layout: NasLayout = {
      ...defaultNasLayout,
      gcLogs: ['gc-{pod}-{start}.log', 'gc-{pid}.log', ''],
      appLogs: ['{pod}.log', 'app.log'],
      heapDumps: ['{n}-{pod}.hprof'],
      logsDir: 'a/b',
      tmpDir: '..',
      logArchiveDirs: ['error', ''],
    };
    expect(validateNasLayout(layout).map((i) => i.path)).toEqual([
      'gcLogs[1]',
      'gcLogs[2]',
      'heapDumps[0]',
      'appLogs[1]',
      'logsDir',
      'tmpDir',
      'logArchiveDirs[1]',
    ]);
  });

  it('rejects values of the wrong type, as a config file may hold them', () => {
    const layout = {
      ...defaultNasLayout,
      gcLogs: 'gc.log',
      config: [1],
      toolsDir: 3,
    } as unknown as NasLayout;
    expect(validateNasLayout(layout).map((i) => i.path)).toEqual(['gcLogs', 'config[0]', 'toolsDir']);
  });

  it('rejects one folder used for two purposes', () => {
    const layout = { ...defaultNasLayout, tmpDir: 'logs' };
    expect(validateNasLayout(layout)).toEqual([{ path: 'logsDir', message: expect.any(String) as string }]);
  });
});

describe('compileNasLayout', () => {
  it('throws one NasLayoutError with code E_NAS_LAYOUT and exit code 78', () => {
    const layout = { ...defaultNasLayout, appLogs: ['x.log'], gcLogs: ['{x}'] };
    let thrown: unknown;
    try {
      compileNasLayout(layout);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(NasLayoutError);
    expect(thrown).toMatchObject({ code: 'E_NAS_LAYOUT', exitCode: 78 });
    expect((thrown as NasLayoutError).issues.map((i) => i.path)).toEqual(['gcLogs[0]', 'appLogs[0]']);
  });

  it('compiles a layout object once', () => {
    const layout = { ...defaultNasLayout };
    expect(compileNasLayout(layout)).toBe(compileNasLayout(layout));
    expect(compileNasLayout()).toBe(compileNasLayout(defaultNasLayout));
  });

  it('classifies with a custom layout', () => {
    const layout = compileNasLayout({
      gcLogs: ['gclog_{pod}_{start}.txt'],
      heapDumps: ['oom-{pod}.bin'],
      heapDumpAux: [],
      appLogs: ['{pod}.log'],
      config: ['bootstrap.yml'],
      logsDir: 'log',
      logArchiveDirs: ['history'],
      tmpDir: 'scratch',
      toolsDir: 'debug',
    });
    const gc = classifyNasEntry('gclog_svc-0_2024-05-01_10-20-30.txt.2', false, layout);
    expect(gc).toMatchObject({ kind: 'gc_log_archive', pod: 'svc-0', rotation: 2 });
    expect(classifyNasEntry('oom-svc-0.bin', false, layout)).toEqual({
      kind: 'heap_dump',
      relPath: 'oom-svc-0.bin',
      name: 'oom-svc-0.bin',
      pod: 'svc-0',
    });
    expect(classifyNasEntry('log/history/svc-0.log', false, layout).kind).toBe('log_archive_file');
    expect(classifyNasEntry('log/error', true, layout).kind).toBe('other');
    expect(classifyNasEntry('logs', true, layout).kind).toBe('other');
    expect(classifyNasEntry('scratch/x', false, layout).kind).toBe('tmp');
    expect(classifyNasEntry('debug', true, layout).kind).toBe('tools');
    expect(classifyNasEntry('bootstrap.yml', false, layout).kind).toBe('config');
    expect(classifyNasEntry('application.yml', false, layout).kind).toBe('other');
    expect(classifyNasEntry('gc-svc-0-2024-05-01_10-20-30.log', false, layout).kind).toBe('other');
  });
});
