import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { NasCheckReport } from '../adapters/nas-probe/check.js';
import { main } from '../cli/main.js';
import { recordingIo } from '../cli/test-io.js';
import { mountBindfs, type BindfsMount } from './support/bindfs.js';
import { requireTool } from './support/tools.js';

describe.runIf(requireTool('bindfs'))('opsctl nas check on real FUSE and tmpfs mounts', () => {
  const base = mkdtempSync(join(tmpdir(), 'opsctl-nascheck-'));
  // No config file, one-second deadlines, and no discovered mounts unless a test asks for them.
  const env = {
    XDG_CONFIG_HOME: join(base, 'xdg'),
    OPSCTL_NAS_HEALTH_TIMEOUT_SECONDS: '1',
  };
  const mounts: BindfsMount[] = [];
  const tmpfs: string[] = [];

  const bindfs = (name: string, options: string[] = []): BindfsMount => {
    const source = join(base, `${name}-source`);
    mkdirSync(source, { recursive: true });
    const mount = mountBindfs(source, join(base, name), options);
    mounts.push(mount);
    return mount;
  };
  const check = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const io = recordingIo({ ...env, ...extraEnv });
    const code = await main(['nas', 'check', ...args], io);
    return { code, out: io.out(), err: io.err() };
  };
  const json = async (args: string[]) => {
    const { code, out } = await check([...args, '-o', 'json']);
    return { code, report: JSON.parse(out) as NasCheckReport };
  };

  afterEach(() => {
    for (const m of mounts.splice(0)) m.unmount();
    for (const dir of tmpfs.splice(0)) spawnSync('umount', ['-l', dir]);
  });
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('OK with numbers for a healthy mount (exit 0), also with the write probe', async () => {
    const nas = bindfs('ok');
    const text = await check([nas.target, '--write']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(new RegExp(`^${nas.target}  OK$`, 'm'));
    expect(text.out).toMatch(/probes {3}stat \d+ ms · statfs \d+ ms · readdir \d+ ms · write \d+ ms/);
    expect(text.out).toMatch(/space {4}[\d.]+ \w+ free of [\d.]+ \w+ \([\d.]+%\)/);
    const { code, report } = await json([nas.target]);
    expect(code).toBe(0);
    expect(report.healthy).toBe(true);
    expect(report.mounts[0]).toMatchObject({
      path: nas.target,
      verdict: 'OK',
      fstype: 'fuse',
      mounted: true,
    });
  });

  it('HUNG (exit 1) for a stopped FUSE daemon, without waiting on it', async () => {
    const nas = bindfs('hung');
    nas.hang();
    const { code, out, err } = await check([nas.target]);
    expect(code).toBe(1);
    expect(out).toMatch(new RegExp(`^${nas.target}  HUNG$`, 'm'));
    expect(out).toContain('found    stat did not answer within 1.0 s');
    expect(out).toContain(
      "try      check the NAS server and the network to it; dmesg | grep -i 'not responding'",
    );
    expect(err).toContain(`Error: unhealthy: ${nas.target} (HUNG)`);
  });

  it('STALE (exit 1) when the FUSE daemon is gone: ENOTCONN', async () => {
    const nas = bindfs('stale');
    process.kill(nas.pid, 'SIGKILL');
    const { code, report } = await json([nas.target]);
    expect(code).toBe(1);
    expect(report.mounts[0]).toMatchObject({ verdict: 'STALE', healthy: false });
    expect(report.mounts[0]!.ops[0]).toMatchObject({ op: 'stat', ok: false, errno: 'ENOTCONN' });
    expect(report.mounts[0]!.hints.join('\n')).toContain(`umount -l ${nas.target}`);
  });

  it('READ-ONLY (exit 1) for a read-only mount, EROFS on the write probe', async () => {
    const nas = bindfs('ro', ['-o', 'ro']);
    const { code, report } = await json([nas.target, '--write']);
    expect(code).toBe(1);
    expect(report.mounts[0]).toMatchObject({ verdict: 'READ-ONLY', readOnly: true, options: 'ro' });
    expect(report.mounts[0]!.ops.find((o) => o.op === 'write')).toMatchObject({ ok: false, errno: 'EROFS' });
  });

  it('FULL (exit 1) for a full tmpfs, with the numbers', async () => {
    const dir = join(base, 'small');
    mkdirSync(dir);
    expect(spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir]).status).toBe(0);
    tmpfs.push(dir);
    try {
      writeFileSync(join(dir, 'filler'), Buffer.alloc(2 * 1024 * 1024));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
    }
    const { code, out } = await check([dir, '--write']);
    expect(code).toBe(1);
    expect(out).toMatch(new RegExp(`^${dir}  FULL$`, 'm'));
    expect(out).toContain('found    0 B free of 1.0 MiB (0.0%, below 5%)');
    expect(out).toContain('found    write failed with ENOSPC: no space or quota left');
  });

  it('NOT-MOUNTED (exit 69) for a plain folder or a missing path; 69 wins over 1', async () => {
    const plain = join(base, 'plain');
    mkdirSync(plain);
    const { code, report } = await json([plain, join(base, 'missing')]);
    expect(code).toBe(69);
    expect(report.mounts.map((m) => [m.path, m.verdict])).toEqual([
      [join(base, 'missing'), 'NOT-MOUNTED'],
      [plain, 'NOT-MOUNTED'],
    ]);
    const hung = bindfs('hung-too');
    hung.hang();
    expect((await check([plain, hung.target])).code).toBe(69);
  });

  it('without paths: the NAS root as configured, even a plain folder (the demo NAS)', async () => {
    const root = join(base, 'demo-nas');
    mkdirSync(join(root, 'demo', 'gateway'), { recursive: true });
    const none = { OPSCTL_NAS_HEALTH_FSTYPES: 'no-such-type' };
    const { code, out } = await check(['--nas-root', root], none);
    expect(code).toBe(0);
    expect(out).toMatch(new RegExp(`^${root}  OK$`, 'm'));
    const strict = await check(['--nas-root', root], { ...none, OPSCTL_NAS_HEALTH_REQUIRE_MOUNT: 'true' });
    expect(strict.code).toBe(69);
    const nothing = await check(['--nas-root', root], { ...none, OPSCTL_NAS_HEALTH_WATCH_ROOT: 'false' });
    expect(nothing.code).toBe(69);
    expect(nothing.err).toContain('Error: no NAS mounts to check');
  });

  it('without paths: NAS mounts found in mountinfo are checked', async () => {
    const nas = bindfs('found');
    const { report } = await json(['--nas-root', join(base, 'missing-root')]);
    expect(report.mounts.find((m) => m.path === nas.target)).toMatchObject({ verdict: 'OK', fstype: 'fuse' });
  });
});
