import { describe, expect, it } from 'vitest';
import {
  findContainingMount,
  isReadOnlyMount,
  matchesFstype,
  mountOptionsLabel,
  parseMountInfo,
  parseMountInfoLine,
  selectNasMounts,
  unescapeMountPath,
} from './mountinfo.js';

// Lines in the kernel's format. The root, tmpfs and bindfs (`fuse`) lines were read from
// /proc/self/mountinfo of the test machine; the NFS and CIFS lines show the super-block options
// the kernel prints for such mounts (an Aliyun NAS volume of a kubelet pod, a Samba share).
const ROOT = '27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard,resv_strict,resuid=65534,resgid=65534';
const NFS4 =
  '40 27 0:35 / /mnt rw,relatime shared:21 - nfs4 10.0.0.5:/export/nas rw,vers=4.1,rsize=1048576,wsize=1048576,namlen=255,hard,proto=tcp,timeo=600,retrans=2,sec=sys,clientaddr=10.0.0.7,local_lock=none,addr=10.0.0.5';
const NFS3_POD =
  '1203 1180 0:187 / /var/lib/kubelet/pods/0c4e/volumes/kubernetes.io~nfs/pv-nas rw,relatime - nfs 1a2b3c-xyz.cn-hangzhou.nas.aliyuncs.com:/share rw,vers=3,rsize=1048576,wsize=1048576,namlen=255,soft,nolock,noresvport,proto=tcp,timeo=600,retrans=2,sec=sys,mountaddr=10.0.0.9,mountvers=3,mountport=2049,mountproto=tcp,local_lock=all,addr=10.0.0.9';
const NFS3_POD_2 =
  '1290 1180 0:187 / /var/lib/kubelet/pods/9f1d/volumes/kubernetes.io~nfs/pv-nas rw,relatime - nfs 1a2b3c-xyz.cn-hangzhou.nas.aliyuncs.com:/share rw,vers=3,soft,proto=tcp,timeo=600,retrans=2,sec=sys,addr=10.0.0.9';
const CIFS =
  '97 27 0:52 / /mnt/share ro,relatime shared:50 - cifs //fileserver/share ro,vers=3.1.1,cache=strict,username=ops,uid=0,noforceuid,gid=0,noforcegid,addr=10.0.0.9,file_mode=0755,dir_mode=0755,soft,nounix,serverino,mapposix,rsize=4194304,wsize=4194304,bsize=1048576,echo_interval=60,actimeo=1';
const BINDFS_SPACE =
  '42 27 0:39 / /tmp/mi\\040dst rw,nosuid,nodev,relatime - fuse /tmp/mi-src rw,user_id=0,group_id=0,default_permissions,allow_other';
const BINDFS_SUBTYPE =
  '88 27 0:44 / /srv/nas rw,nosuid,nodev,relatime shared:60 - fuse.bindfs /data/nas rw,user_id=0,group_id=0,default_permissions,allow_other';
const TMPFS = '43 27 0:40 / /tmp/mi-tmpfs rw,relatime - tmpfs tmpfs rw,size=1024k';
const PROC = '22 27 0:21 / /proc rw,relatime - proc proc rw';
const PORTAL =
  '510 27 0:61 / /run/user/1000/doc rw,nosuid,nodev,relatime - fuse.portal portal rw,user_id=1000';

const filter = {
  fstypes: ['nfs', 'nfs4', 'cifs', 'smb3', 'fuse', 'fuse.*'],
  excludeMountpoints: ['^/(proc|sys|dev|run)(/|$)'],
};

describe('parseMountInfoLine', () => {
  it('reads an NFSv4 mount with its optional field and super-block options', () => {
    const mount = parseMountInfoLine(NFS4)!;
    expect(mount).toMatchObject({
      mountId: 40,
      parentId: 27,
      device: '0:35',
      root: '/',
      mountPoint: '/mnt',
      fstype: 'nfs4',
      source: '10.0.0.5:/export/nas',
    });
    expect(mount.mountOptions).toEqual(['rw', 'relatime']);
    expect(mount.optionalFields).toEqual(['shared:21']);
    expect(mount.superOptions).toContain('timeo=600');
  });

  it('decodes \\040 in mount points (a space) and reads a mount without optional fields', () => {
    const mount = parseMountInfoLine(BINDFS_SPACE)!;
    expect(mount.mountPoint).toBe('/tmp/mi dst');
    expect(mount.optionalFields).toEqual([]);
    expect(mount.fstype).toBe('fuse');
    expect(mount.source).toBe('/tmp/mi-src');
  });

  it('rejects lines that are not mountinfo', () => {
    expect(parseMountInfoLine('')).toBeUndefined();
    expect(parseMountInfoLine('tmpfs /tmp tmpfs rw 0 0')).toBeUndefined();
    expect(parseMountInfoLine('x 27 0:40 / /a rw - tmpfs tmpfs rw')).toBeUndefined();
  });
});

describe('unescapeMountPath', () => {
  it('decodes space, tab, newline and backslash', () => {
    expect(unescapeMountPath('/a\\040b\\011c\\012d\\134e')).toBe('/a b\tc\nd\\e');
  });
});

describe('parseMountInfo', () => {
  it('parses every line and counts the bad ones', () => {
    const { mounts, badLines } = parseMountInfo([ROOT, NFS4, 'garbage', TMPFS, ''].join('\n'));
    expect(mounts.map((m) => m.mountPoint)).toEqual(['/', '/mnt', '/tmp/mi-tmpfs']);
    expect(badLines).toBe(1);
  });
});

describe('selectNasMounts', () => {
  const all = parseMountInfo(
    [ROOT, PROC, NFS4, NFS3_POD, NFS3_POD_2, CIFS, BINDFS_SPACE, BINDFS_SUBTYPE, TMPFS, PORTAL].join('\n'),
  ).mounts;

  it('keeps NAS types, skips excluded mount points, one mount point per file system, sorted', () => {
    expect(selectNasMounts(all, filter).map((m) => m.mountPoint)).toEqual([
      '/mnt',
      '/mnt/share',
      '/srv/nas',
      '/tmp/mi dst',
      '/var/lib/kubelet/pods/0c4e/volumes/kubernetes.io~nfs/pv-nas',
    ]);
  });

  it('uses the last mount where two are stacked on one mount point', () => {
    const over = '120 40 0:90 / /mnt rw,relatime - tmpfs tmpfs rw';
    const mounts = parseMountInfo([ROOT, NFS4, over].join('\n')).mounts;
    expect(selectNasMounts(mounts, filter)).toEqual([]);
    expect(findContainingMount(mounts, '/mnt/test')?.fstype).toBe('tmpfs');
  });

  it('watches only what the filter names', () => {
    expect(
      selectNasMounts(all, { fstypes: ['cifs'], excludeMountpoints: [] }).map((m) => m.mountPoint),
    ).toEqual(['/mnt/share']);
  });
});

describe('matchesFstype', () => {
  it('matches exact names and * globs, nothing by substring', () => {
    expect(matchesFstype('fuse.sshfs', ['fuse.*'])).toBe(true);
    expect(matchesFstype('fuse', ['fuse.*'])).toBe(false);
    expect(matchesFstype('fuseblk', ['fuse'])).toBe(false);
    expect(matchesFstype('nfs4', ['nfs'])).toBe(false);
    expect(matchesFstype('nfs4', ['nfs*'])).toBe(true);
  });
});

describe('findContainingMount', () => {
  const mounts = parseMountInfo([ROOT, NFS4, CIFS].join('\n')).mounts;

  it('finds the longest mount point at a path boundary', () => {
    expect(findContainingMount(mounts, '/mnt/test/gateway')?.fstype).toBe('nfs4');
    expect(findContainingMount(mounts, '/mnt/share/x')?.fstype).toBe('cifs');
    expect(findContainingMount(mounts, '/mnt')?.fstype).toBe('nfs4');
    expect(findContainingMount(mounts, '/mntx')?.fstype).toBe('ext4');
  });
});

describe('mountOptionsLabel and isReadOnlyMount', () => {
  it('keeps the options that say how a mount fails, in a fixed order', () => {
    const nfs4 = parseMountInfoLine(NFS4)!;
    expect(mountOptionsLabel(nfs4)).toBe('rw,hard,vers=4.1,proto=tcp,timeo=600,retrans=2');
    expect(mountOptionsLabel(parseMountInfoLine(NFS3_POD)!)).toBe(
      'rw,soft,vers=3,proto=tcp,timeo=600,retrans=2',
    );
    expect(isReadOnlyMount(nfs4)).toBe(false);
  });

  it('says ro for a read-only mount', () => {
    const cifs = parseMountInfoLine(CIFS)!;
    expect(isReadOnlyMount(cifs)).toBe(true);
    expect(mountOptionsLabel(cifs)).toBe('ro,soft,vers=3.1.1');
    expect(mountOptionsLabel(parseMountInfoLine(TMPFS)!)).toBe('rw');
  });
});
