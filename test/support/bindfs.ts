import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';

/** A FUSE mount of `source` at `target` made with bindfs, which tests can hang and kill. */
export interface BindfsMount {
  target: string;
  pid: number;
  /** SIGSTOP: every call on the mount blocks, like a hard NFS mount whose server is gone. */
  hang(): void;
  /** SIGCONT: the mount answers again. */
  resume(): void;
  unmount(): void;
}

/** Mounts with bindfs (root only, as tests run here); `options` e.g. ['-o', 'ro']. */
export function mountBindfs(source: string, target: string, options: string[] = []): BindfsMount {
  mkdirSync(target, { recursive: true });
  execFileSync('bindfs', [...options, source, target]);
  const found = spawnSync('pgrep', ['-n', '-f', `bindfs .*${target}$`], { encoding: 'utf8' });
  const pid = Number(found.stdout.trim());
  if (!pid) throw new Error(`bindfs mounted ${target} but its process was not found`);
  return {
    target,
    pid,
    hang: () => process.kill(pid, 'SIGSTOP'),
    resume: () => process.kill(pid, 'SIGCONT'),
    unmount: () => {
      try {
        process.kill(pid, 'SIGCONT');
      } catch {
        // already gone
      }
      const tool = spawnSync('fusermount3', ['-V']).status === 0 ? 'fusermount3' : 'fusermount';
      spawnSync(tool, ['-uz', target]);
      spawnSync('umount', ['-l', target]);
    },
  };
}
