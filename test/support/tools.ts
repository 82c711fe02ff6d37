import { spawnSync } from 'node:child_process';

/**
 * For `describe.runIf(requireTool('prometheus'))`: true when the tool runs. Without it the suite
 * is skipped with a printed reason, except under CI=true where a missing tool fails the run.
 */
export function requireTool(
  tool: string,
  args: string[] = ['--version'],
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  const ok = spawnSync(tool, args, { stdio: 'ignore' }).status === 0;
  if (ok) return true;
  const message = `${tool} is not installed: install it with scripts/install-system-deps.sh (as root)`;
  if (env.CI === 'true') throw new Error(`CI=true and ${message}`);
  console.warn(`skipping: ${message}`);
  return false;
}
