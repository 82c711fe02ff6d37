import { ExitCode, OpsError } from '../../core/errors.js';
import { javaMissing } from '../../sim/jvm/launch.js';

/**
 * For `describe.runIf(requireJava())`: true when a JDK is present. Without one it throws under
 * `CI=true` (CI must fail, not skip) and otherwise prints why the JVM suites are skipped.
 */
export function requireJava(env: NodeJS.ProcessEnv = process.env): boolean {
  const reason = javaMissing(env);
  if (reason === undefined) return true;
  if (env.CI === 'true') {
    throw new OpsError(`JVM tests need a JDK 17: ${reason}`, {
      code: 'E_JAVA_MISSING',
      exitCode: ExitCode.unavailable,
      hints: ['apt-get install -y openjdk-17-jdk-headless'],
    });
  }
  console.warn(`skipping JVM tests: ${reason} (install a JDK 17 to run them)`);
  return false;
}
