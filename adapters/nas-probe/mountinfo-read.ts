import { readFile } from 'node:fs/promises';
import { withDeadline } from '../../core/deadline.js';
import { parseMountInfo, type MountInfo } from '../../core/nas/mountinfo.js';

/**
 * Reads and parses `/proc/self/mountinfo` (this process's mount namespace: inside a pod, the
 * pod's mounts). procfs answers from kernel memory without contacting any NFS server; the
 * deadline only guards against the unexpected.
 */
export async function readMountInfo(path = '/proc/self/mountinfo', timeoutMs = 5000): Promise<MountInfo[]> {
  const text = await withDeadline(readFile(path, 'utf8'), timeoutMs, `reading ${path}`);
  return parseMountInfo(text).mounts;
}
