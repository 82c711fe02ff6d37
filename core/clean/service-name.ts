/** Service folder names given on the command line, checked before any path is built from them. */
import { ExitCode, OpsError } from '../errors.js';

/** Why `name` cannot be a service folder name, or undefined when it can. */
export function serviceNameProblem(name: string): string | undefined {
  if (name === '') return 'is empty';
  if (name.includes('/')) return 'contains "/"';
  if (name.includes('..')) return 'contains ".."';
  if (name === '.') return 'is "."';
  if (name.includes('\0')) return 'contains a NUL character';
  return undefined;
}

/** Throws a usage error (exit 2) naming every invalid service name. */
export function assertServiceNames(names: readonly string[]): void {
  const problems = names.flatMap((n) => {
    const problem = serviceNameProblem(n);
    return problem === undefined ? [] : [`${JSON.stringify(n)} ${problem}`];
  });
  if (problems.length === 0) return;
  throw new OpsError(`invalid --service: ${problems.join('; ')}`, {
    code: 'E_USAGE',
    exitCode: ExitCode.usage,
    hints: ['a service is one folder name under <nas-root>/<namespace>/, e.g. --service gateway'],
  });
}
