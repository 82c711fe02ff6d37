import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { recordingIo } from './test-io.js';

const home = mkdtempSync(join(tmpdir(), 'opsctl-cli-'));
const env = { XDG_CONFIG_HOME: join(home, 'xdg') };

describe('opsctl CLI shell', () => {
  it('prints the top-level help (pinned)', async () => {
    const io = recordingIo(env);
    expect(await main(['--help'], io)).toBe(0);
    expect(io.out()).toMatchSnapshot();
  });

  it('prints the version from package.json', async () => {
    const io = recordingIo(env);
    expect(await main(['--version'], io)).toBe(0);
    expect(io.out().trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('exits 2 on an unknown command or flag and says what to do', async () => {
    const io = recordingIo(env);
    expect(await main(['frobnicate'], io)).toBe(2);
    expect(io.err()).toContain("unknown command 'frobnicate'");
    const io2 = recordingIo(env);
    expect(await main(['gc', 'a/b', '--bogus'], io2)).toBe(2);
    expect(io2.err()).toContain("unknown option '--bogus'");
  });

  it('exits 2 on a bad -o value, naming the allowed ones', async () => {
    const io = recordingIo(env);
    expect(await main(['config', 'show', '-o', 'xml'], io)).toBe(2);
    expect(io.err()).toContain('Expected one of: text, json');
  });

  it('exits 2 on a malformed gc target', async () => {
    for (const target of ['gateway', 'a/b/c', '../x', 'a/']) {
      const io = recordingIo(env);
      expect(await main(['gc', target], io)).toBe(2);
      expect(io.err()).toMatch(/^Error: invalid target/);
    }
  });

  it('config show: every setting with its source, secrets never printed', async () => {
    const io = recordingIo({ ...env, OPSCTL_NAS_ROOT: '/data/nas' });
    expect(await main(['config', 'show', '--output', 'json'], io)).toBe(0);
    const shown = JSON.parse(io.out()) as {
      config: { nas: { root: string } };
      sources: Record<string, string>;
    };
    expect(shown.config.nas.root).toBe('/data/nas');
    expect(shown.sources['nas.root']).toBe('env');
    expect(shown.sources['exporter.port']).toBe('default');
    const text = recordingIo({ ...env, OPSCTL_NAS_ROOT: '/data/nas' });
    expect(await main(['config', 'show'], text)).toBe(0);
    expect(text.out()).toMatch(/nas\.root\s+"\/data\/nas"\s+env OPSCTL_NAS_ROOT/);
  });

  it('an invalid config file fails with exit 78 and every problem listed', async () => {
    const file = join(home, 'bad.yaml');
    writeFileSync(file, 'nas:\n  root: 7\nexporter:\n  port: "x"\n');
    const io = recordingIo(env);
    expect(await main(['--config', file, 'config', 'show'], io)).toBe(78);
    expect(io.err()).toContain('nas.root: expected string');
    expect(io.err()).toContain('exporter.port: expected number');
    expect(io.err()).toContain('Try: fix the settings above');
    expect(io.err()).not.toContain('    at '); // no stack without --debug
  });

  it('--debug adds the stack trace', async () => {
    const io = recordingIo(env);
    expect(await main(['--debug', '--config', join(home, 'missing.yaml'), 'config', 'show'], io)).toBe(78);
    expect(io.err()).toContain('Caused by: ENOENT');
    expect(io.err()).toContain('    at ');
  });
});
