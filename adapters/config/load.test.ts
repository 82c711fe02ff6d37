import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isOpsError } from '../../core/errors.js';
import { defaultConfigPath, loadConfig } from './load.js';

const dir = mkdtempSync(join(tmpdir(), 'opsctl-config-'));

async function loadError(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (isOpsError(error)) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe('loadConfig', () => {
  it('reads $XDG_CONFIG_HOME/opsctl/config.yaml when no --config is given', async () => {
    const xdg = join(dir, 'xdg');
    mkdirSync(join(xdg, 'opsctl'), { recursive: true });
    writeFileSync(join(xdg, 'opsctl', 'config.yaml'), 'nas:\n  root: /data/nas\n');
    const resolved = await loadConfig({ env: { XDG_CONFIG_HOME: xdg } });
    expect(resolved.config.nas.root).toBe('/data/nas');
    expect(resolved.file).toBe(join(xdg, 'opsctl', 'config.yaml'));
    expect(resolved.sources['nas.root']).toBe('file');
  });

  it('falls back to defaults when the default file does not exist', async () => {
    const resolved = await loadConfig({ env: { XDG_CONFIG_HOME: join(dir, 'none') } });
    expect(resolved.file).toBeUndefined();
    expect(resolved.config.nas.root).toBe('/mnt');
  });

  it('fails with exit 78 when an explicit --config file is missing', async () => {
    const error = await loadError(loadConfig({ explicitPath: join(dir, 'missing.yaml'), env: {} }));
    expect(error.code).toBe('E_CONFIG_READ');
    expect(error.exitCode).toBe(78);
  });

  it('names file, line and column of broken YAML', async () => {
    const path = join(dir, 'broken.yaml');
    writeFileSync(path, 'nas:\n  root: /mnt\n   bad: [\n');
    const error = await loadError(loadConfig({ explicitPath: path, env: {} }));
    expect(error.code).toBe('E_CONFIG_YAML');
    expect(error.exitCode).toBe(78);
    expect(error.message).toMatch(new RegExp(`${path}:\\d+:\\d+`));
  });

  it('rejects duplicate keys', async () => {
    const path = join(dir, 'dup.yaml');
    writeFileSync(path, 'nas:\n  root: /a\n  root: /b\n');
    expect((await loadError(loadConfig({ explicitPath: path, env: {} }))).code).toBe('E_CONFIG_YAML');
  });

  it('lists schema problems of a file with their paths', async () => {
    const path = join(dir, 'invalid.yaml');
    writeFileSync(path, 'nas:\n  root: 5\nexporter:\n  port: -1\n');
    const error = await loadError(loadConfig({ explicitPath: path, env: {} }));
    expect(error.code).toBe('E_CONFIG');
    expect(error.message).toContain('nas.root: expected string');
    expect(error.message).toContain('exporter.port:');
  });

  it('computes the default path from HOME when XDG_CONFIG_HOME is unset', () => {
    expect(defaultConfigPath({ HOME: '/home/ops' })).toBe('/home/ops/.config/opsctl/config.yaml');
  });
});
