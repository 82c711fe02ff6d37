import { describe, expect, it, vi } from 'vitest';
import { isOpsError } from '../../core/errors.js';
import { buildJvmArgs, javaAvailable } from './launch.js';
import { requireJava } from '../../test/support/java.js';

describe('buildJvmArgs', () => {
  it('uses the NAS naming of DESIGN.md and puts JVM options before the main class', () => {
    const args = buildJvmArgs(
      {
        dataDir: '/mnt/demo/gateway',
        pod: 'gateway-5d8f7c9b6-x2x7q',
        collector: 'Shenandoah',
        heapMb: 48,
        workload: { durationS: 3, rateMb: 20, mode: 'normal', systemGcS: 1 },
        gcLog: { filecount: 3, filesizeKb: 16 },
        extraArgs: ['-XX:+AlwaysPreTouch'],
      },
      '/tmp/classes',
    );
    expect(args).toEqual([
      '-XX:+UseShenandoahGC',
      '-Xms48m',
      '-Xmx48m',
      '-Xlog:gc*:file=/mnt/demo/gateway/gc-gateway-5d8f7c9b6-x2x7q-%t.log:time,uptime,level,tags:filecount=3,filesize=16K',
      '-XX:+HeapDumpOnOutOfMemoryError',
      '-XX:HeapDumpPath=/mnt/demo/gateway/dump-gateway-5d8f7c9b6-x2x7q-%t.hprof',
      '-XX:+AlwaysPreTouch',
      '-cp',
      '/tmp/classes',
      'GcWorkload',
      'duration=3',
      'rate=20',
      'mode=normal',
      'systemgc=1',
    ]);
  });

  it('leaves rotation to HotSpot by default and honours selectors, decorators and heapDumpOnOom', () => {
    const args = buildJvmArgs(
      {
        dataDir: '/data',
        pod: 'p',
        collector: 'ZGC',
        heapMb: 16,
        heapDumpOnOom: false,
        gcLog: { selectors: 'gc,gc+heap=info', decorators: 'uptime,level,tags' },
      },
      '/c',
    );
    expect(args).toContain('-Xlog:gc,gc+heap=info:file=/data/gc-p-%t.log:uptime,level,tags');
    expect(args).not.toContain('-XX:+HeapDumpOnOutOfMemoryError');
    expect(args.at(-1)).toBe('GcWorkload');
  });

  it('refuses a data dir that -Xlog would split', () => {
    let code: string | undefined;
    try {
      buildJvmArgs({ dataDir: '/mnt/a:b', pod: 'p', collector: 'G1', heapMb: 16 }, '/c');
    } catch (error) {
      code = isOpsError(error) ? error.code : undefined;
    }
    expect(code).toBe('E_JVM_ARGS');
  });
});

describe('requireJava', () => {
  const noJdk = { PATH: '/nonexistent-opsctl-path' };

  it('fails under CI=true when no JDK is on PATH', () => {
    let code: string | undefined;
    try {
      requireJava({ ...noJdk, CI: 'true' });
    } catch (error) {
      code = isOpsError(error) ? error.code : undefined;
    }
    expect(code).toBe('E_JAVA_MISSING');
  });

  it('outside CI returns false and says why, so suites skip visibly', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    expect(requireJava(noJdk)).toBe(false);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('java and javac not runnable'));
    warn.mockRestore();
    expect(javaAvailable(noJdk)).toBe(false);
  });
});
