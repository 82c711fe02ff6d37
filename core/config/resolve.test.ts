import { describe, expect, it } from 'vitest';
import { isOpsError, type OpsError } from '../errors.js';
import { configLeaves, envNameOf, redactConfig, resolveConfig } from './resolve.js';
import { defaultConfig } from './schema.js';

function failure(fn: () => unknown): OpsError {
  try {
    fn();
  } catch (error) {
    if (isOpsError(error)) return error;
    throw error;
  }
  throw new Error('expected an OpsError');
}

describe('resolveConfig', () => {
  it('returns the defaults, every leaf sourced "default", when nothing is given', () => {
    const resolved = resolveConfig({});
    expect(resolved.config).toEqual(defaultConfig);
    expect(Object.values(resolved.sources).every((s) => s === 'default')).toBe(true);
    expect(Object.keys(resolved.sources).sort()).toEqual(
      configLeaves()
        .map((l) => l.path)
        .sort(),
    );
  });

  it('applies flags over env over file over defaults and records each source', () => {
    const resolved = resolveConfig({
      file: {
        path: '/etc/opsctl.yaml',
        data: { nas: { root: '/file', timeZone: 'Asia/Shanghai' }, exporter: { port: 1 } },
      },
      env: { OPSCTL_NAS_ROOT: '/env', OPSCTL_EXPORTER_PORT: '2', OPSCTL_EXPORTER_SCAN_INTERVAL_SECONDS: '5' },
      flags: { 'exporter.port': 3, 'nas.namespaces': undefined },
    });
    expect(resolved.config.nas.root).toBe('/env');
    expect(resolved.config.nas.timeZone).toBe('Asia/Shanghai');
    expect(resolved.config.exporter.port).toBe(3);
    expect(resolved.config.exporter.scanIntervalSeconds).toBe(5);
    expect(resolved.sources).toMatchObject({
      'nas.root': 'env',
      'nas.timeZone': 'file',
      'exporter.port': 'flag',
      'exporter.scanIntervalSeconds': 'env',
      'nas.namespaces': 'default',
    });
    expect(resolved.file).toBe('/etc/opsctl.yaml');
  });

  it('reads list settings from comma-separated env values', () => {
    const resolved = resolveConfig({ env: { OPSCTL_NAS_NAMESPACES: 'test, uat,,prod' } });
    expect(resolved.config.nas.namespaces).toEqual(['test', 'uat', 'prod']);
  });

  it('lists every problem by path with its source, exit code 78', () => {
    const error = failure(() =>
      resolveConfig({
        file: {
          path: '/x.yaml',
          data: { nas: { root: 5, extra: true }, exporter: { port: 70000 }, nope: 1 },
        },
        env: { OPSCTL_EXPORTER_SCAN_INTERVAL_SECONDS: 'soon', OPSCTL_NAS_TIME_ZONE: 'Mars/Olympus' },
      }),
    );
    expect(error.code).toBe('E_CONFIG');
    expect(error.exitCode).toBe(78);
    expect(error.message).toContain('nas.root: expected string, received number (from file /x.yaml)');
    expect(error.message).toContain('exporter.port:');
    expect(error.message).toContain(
      'exporter.scanIntervalSeconds: expected number, received string (from env OPSCTL_EXPORTER_SCAN_INTERVAL_SECONDS)',
    );
    expect(error.message).toContain('nas.timeZone: expected an IANA time zone');
    expect(error.message).toMatch(/Unrecognized key: "extra"/);
    expect(error.message).toMatch(/Unrecognized key: "nope"/);
  });

  it('rejects a file whose top level is not a mapping', () => {
    const error = failure(() => resolveConfig({ file: { path: '/x.yaml', data: ['a'] } }));
    expect(error.code).toBe('E_CONFIG');
    expect(error.exitCode).toBe(78);
  });

  it('treats an empty file as no settings', () => {
    expect(resolveConfig({ file: { path: '/x.yaml', data: null } }).config).toEqual(defaultConfig);
  });
});

describe('envNameOf', () => {
  it.each([
    ['nas.root', 'OPSCTL_NAS_ROOT'],
    ['exporter.scanIntervalSeconds', 'OPSCTL_EXPORTER_SCAN_INTERVAL_SECONDS'],
    ['nas.timeZone', 'OPSCTL_NAS_TIME_ZONE'],
  ])('%s -> %s', (path, env) => expect(envNameOf(path)).toBe(env));
});

describe('redactConfig', () => {
  it('masks secret-looking keys at any depth and keeps the rest', () => {
    const out = redactConfig({
      nacos: { password: 'p', username: 'u', accessToken: 't' },
      sms: [{ accessKeySecret: 's' }],
      empty: { password: '' },
    });
    expect(out).toEqual({
      nacos: { password: '***', username: 'u', accessToken: '***' },
      sms: [{ accessKeySecret: '***' }],
      empty: { password: '' },
    });
  });
});
