import { describe, expect, it } from 'vitest';
import { parseMountInfo } from '../../core/nas/mountinfo.js';
import { planProbeTargets } from './targets.js';

const mounts = parseMountInfo(
  [
    '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw',
    '40 27 0:35 / /mnt rw,relatime - nfs4 10.0.0.5:/export rw,vers=4.1,hard,proto=tcp,timeo=600,retrans=2',
    '43 27 0:40 / /tmp/small rw,relatime - tmpfs tmpfs rw,size=1024k',
    '22 27 0:21 / /proc rw,relatime - proc proc rw',
  ].join('\n'),
).mounts;
const filter = { fstypes: ['nfs4', 'fuse', 'fuse.*'], excludeMountpoints: ['^/proc(/|$)'] };

describe('planProbeTargets', () => {
  it('watches NAS mounts, configured folders and the root, merged by path', () => {
    const targets = planProbeTargets({
      ...filter,
      mounts,
      paths: ['/srv/demo/nas', '/mnt/test/'],
      root: '/mnt',
      requireMount: false,
    });
    expect(targets.map((t) => [t.path, t.origins.join(), t.mounted, t.fstype, t.isMountPoint])).toEqual([
      ['/mnt', 'mount,root', true, 'nfs4', true],
      ['/mnt/test', 'path', true, 'nfs4', false],
      ['/srv/demo/nas', 'path', true, 'ext4', false],
    ]);
    expect(targets[2]!.mountPoint).toBe('/');
  });

  it('with requireMount a plain local folder is not mounted; a folder on a NAS mount is', () => {
    const targets = planProbeTargets({
      ...filter,
      mounts,
      paths: ['/srv/demo', '/mnt/x'],
      requireMount: true,
    });
    expect(targets.map((t) => [t.path, t.mounted])).toEqual([
      ['/mnt', true],
      ['/mnt/x', true],
      ['/srv/demo', false],
    ]);
  });

  it('a command-line path must be a mount point or on a watched mount', () => {
    const targets = planProbeTargets({
      ...filter,
      mounts,
      paths: [],
      args: ['/tmp/small', '/srv/empty', '/mnt/test'],
      discover: false,
      requireMount: false,
    });
    expect(targets.map((t) => [t.path, t.mounted, t.origins.join()])).toEqual([
      ['/mnt/test', true, 'arg'],
      ['/srv/empty', false, 'arg'],
      ['/tmp/small', true, 'arg'],
    ]);
  });
});
