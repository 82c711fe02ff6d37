/**
 * Runs the real kubectl binaries (`kubectl.1.30` ... `kubectl.1.33`, installed beside the
 * `kubectl` on PATH) against a simulator, each with its own kubeconfig and discovery cache
 * directory, for the simulator conformance suites.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, realpathSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** kubectl minor versions the simulator is judged by. */
export const KUBECTL_VERSIONS = ['1.30', '1.31', '1.32', '1.33'] as const;
export type KubectlVersion = (typeof KUBECTL_VERSIONS)[number];

/** The binary of a kubectl version, or why there is none. */
export function findKubectl(version: string): { path: string } | { missing: string } {
  const which = spawnSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' });
  const onPath = which.stdout.trim();
  if (which.status !== 0 || onPath === '') return { missing: 'kubectl is not on PATH' };
  const path = join(dirname(realpathSync(onPath)), `kubectl.${version}`);
  return existsSync(path) ? { path } : { missing: `${path} does not exist` };
}

/**
 * Whether a suite for this kubectl version runs: under CI=true a missing binary is an error the
 * suite must report, elsewhere the suite is skipped with the reason.
 */
export function kubectlForSuite(version: string): {
  path?: string;
  skipReason?: string;
  failReason?: string;
} {
  const found = findKubectl(version);
  if ('path' in found) return { path: found.path };
  if (process.env.CI === 'true')
    return { failReason: `kubectl ${version} is required under CI: ${found.missing}` };
  return { skipReason: `kubectl ${version} not installed (${found.missing})` };
}

/** Result of one kubectl run. */
export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A long-running kubectl (e.g. `get -w`) whose output is collected. */
export interface KubectlStream {
  /** Output so far. */
  output(): string;
  /** Resolves when the output contains `text` (rejects after `timeoutMs`). */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

/** One kubectl binary bound to a kubeconfig and a private cache directory. */
export class Kubectl {
  private constructor(
    readonly binary: string,
    private readonly dir: string,
  ) {}

  /** Writes the kubeconfig into a fresh temp dir. */
  static async create(binary: string, kubeconfig: string): Promise<Kubectl> {
    const dir = await mkdtemp(join(tmpdir(), 'kubectl-sim-'));
    await writeFile(join(dir, 'kubeconfig'), kubeconfig, { mode: 0o600 });
    return new Kubectl(binary, dir);
  }

  private argv(args: string[]): string[] {
    return [
      `--kubeconfig=${join(this.dir, 'kubeconfig')}`,
      `--cache-dir=${join(this.dir, 'cache')}`,
      ...args,
    ];
  }

  /** Writes a file into the temp dir and returns its path (manifests for `-f`). */
  async file(name: string, content: string): Promise<string> {
    const path = join(this.dir, name);
    await writeFile(path, content);
    return path;
  }

  /** Runs kubectl to completion. */
  run(args: string[], options: { input?: string; timeoutMs?: number } = {}): Promise<KubectlResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.binary, this.argv(args), {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: { ...process.env, KUBECONFIG: '' },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`kubectl ${args.join(' ')} timed out; stdout: ${stdout} stderr: ${stderr}`));
      }, options.timeoutMs ?? 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, stdout, stderr });
      });
      child.stdin.end(options.input ?? '');
    });
  }

  /** Starts a long-running kubectl and collects its stdout and stderr. */
  stream(args: string[]): KubectlStream {
    const child = spawn(this.binary, this.argv(args), {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KUBECONFIG: '' },
    });
    let out = '';
    const waiters = new Set<() => void>();
    const onData = (d: Buffer): void => {
      out += d.toString();
      for (const w of [...waiters]) w();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
    return {
      output: () => out,
      waitFor: (text, timeoutMs = 15_000) =>
        new Promise((resolve, reject) => {
          const check = (): void => {
            if (typeof text === 'string' ? out.includes(text) : text.test(out)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(out);
            }
          };
          const timer = setTimeout(() => {
            waiters.delete(check);
            reject(new Error(`timed out waiting for ${String(text)}; output so far:\n${out}`));
          }, timeoutMs);
          waiters.add(check);
          check();
        }),
      stop: async () => {
        child.kill('SIGTERM');
        await exited;
      },
    };
  }

  /** Removes the temp dir. */
  async dispose(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}
