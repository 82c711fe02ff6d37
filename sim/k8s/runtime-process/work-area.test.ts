import { chmod, mkdir, mkdtemp, readlink, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveExecutable, WorkArea, type HostLayout } from './work-area.js';

let base: string;
let layout: HostLayout;

beforeAll(async () => {
  base = await mkdtemp(join(tmpdir(), 'work-area-'));
  // A fake host: /usr/bin/tool, /bin -> usr/bin, and a NAS folder.
  await mkdir(join(base, 'host/usr/bin'), { recursive: true });
  await writeFile(join(base, 'host/usr/bin/tool'), '#!/bin/sh\n');
  await chmod(join(base, 'host/usr/bin/tool'), 0o755);
  await mkdir(join(base, 'nas'), { recursive: true });
  layout = {
    links: new Map([['bin', 'usr/bin']]),
    binds: [{ hostPath: join(base, 'host/usr'), containerPath: '/usr', readOnly: true }],
  };
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

function area(name: string): WorkArea {
  const mounts = [{ hostPath: join(base, 'nas'), containerPath: '/data/nas', readOnly: false }];
  return new WorkArea(join(base, 'pods', name, 'root'), layout, mounts, 'web-1', ['/data']);
}

describe('work area', () => {
  it('creates the private skeleton, world-writable tmp, mirrored links and mount points', async () => {
    const a = area('a');
    await a.ensure();
    expect((await stat(join(a.root, 'tmp'))).mode & 0o7777).toBe(0o1777);
    expect(await readlink(join(a.root, 'bin'))).toBe('usr/bin');
    for (const dir of ['data/nas', 'usr', 'root', 'proc', 'dev'])
      expect((await stat(join(a.root, dir))).isDirectory()).toBe(true);
  });

  it('maps container paths through links and the longest bind, else into the root', () => {
    const a = area('b');
    expect(a.hostPath('/bin/tool')).toBe(join(base, 'host/usr/bin/tool'));
    expect(a.hostPath('/usr/bin/../bin/tool')).toBe(join(base, 'host/usr/bin/tool'));
    expect(a.hostPath('/data/nas/x.log')).toBe(join(base, 'nas/x.log'));
    expect(a.hostPath('/data/own')).toBe(join(a.root, 'data/own'));
    expect(a.hostPath('tmp/x')).toBe(join(a.root, 'tmp/x'));
  });

  it('finds executables like execvp, with runc sentences when it cannot', async () => {
    const a = area('c');
    await a.ensure();
    const host = (p: string) => a.hostPath(p);
    expect(resolveExecutable(host, 'tool', '/', '/usr/local/bin:/bin')).toEqual({ ok: true });
    expect(resolveExecutable(host, '/usr/bin/tool', '/', '')).toEqual({ ok: true });
    expect(resolveExecutable(host, 'nope', '/', '/bin')).toEqual({
      ok: false,
      why: 'exec: "nope": executable file not found in $PATH',
    });
    expect(resolveExecutable(host, '/tmp/nope', '/', '/bin')).toEqual({
      ok: false,
      why: 'exec: "/tmp/nope": stat /tmp/nope: no such file or directory',
    });
    // A folder is not executable.
    expect(resolveExecutable(host, 'usr', '/', '/')).toMatchObject({ ok: false });
  });

  it('removes itself with everything in it', async () => {
    const a = area('d');
    await a.ensure();
    await writeFile(join(a.root, 'tmp/file'), 'x');
    await a.remove();
    await expect(stat(join(base, 'pods/d/root'))).rejects.toThrow();
  });
});
