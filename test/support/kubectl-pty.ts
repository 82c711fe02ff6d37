/**
 * A kubectl binary bound to a kubeconfig and its own discovery cache, run in a real terminal for
 * the interactive commands (`exec -it`, `debug -it`, `attach -it`).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnInPty, type PtyRun } from './pty.js';

/** kubectl in a terminal. */
export class KubectlPty {
  private constructor(
    readonly binary: string,
    private readonly dir: string,
  ) {}

  /** Writes the kubeconfig into a fresh temp dir. */
  static async create(binary: string, kubeconfig: string): Promise<KubectlPty> {
    const dir = await mkdtemp(join(tmpdir(), 'kubectl-pty-'));
    await writeFile(join(dir, 'kubeconfig'), kubeconfig, { mode: 0o600 });
    return new KubectlPty(binary, dir);
  }

  /** Starts kubectl in a terminal of `cols` x `rows`. */
  spawn(args: string[], size: { cols: number; rows: number } = { cols: 100, rows: 30 }): PtyRun {
    const argv = [
      `--kubeconfig=${join(this.dir, 'kubeconfig')}`,
      `--cache-dir=${join(this.dir, 'cache')}`,
      ...args,
    ];
    return spawnInPty(this.binary, argv, { ...size, env: { KUBECONFIG: '' } });
  }

  /** Removes the temp dir. */
  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
