import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { compileRoutes, DEFAULT_ROUTES, type CompiledRoutes } from '../core/alerting/routes-config.js';
import { ExitCode, OpsError } from '../core/errors.js';

/**
 * Replaces `${NAME}` in string values with environment variables, so secrets (robot tokens, SMS
 * keys) stay out of the file. An unset variable is a configuration error.
 */
export function expandEnv(
  value: unknown,
  env: Readonly<Record<string, string | undefined>>,
  missing: Set<string>,
): unknown {
  if (typeof value === 'string') {
    return value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) missing.add(name);
      return v ?? '';
    });
  }
  if (Array.isArray(value)) return value.map((v) => expandEnv(v, env, missing));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, expandEnv(v, env, missing)]));
  }
  return value;
}

/** Loads and validates the routing file (or the default routes when `file` is empty). */
export function loadRoutes(
  file: string,
  zone: string,
  env: Readonly<Record<string, string | undefined>>,
): CompiledRoutes {
  let data: unknown = DEFAULT_ROUTES;
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      throw new OpsError(`cannot read the routing file ${file}`, {
        code: 'E_CONFIG',
        exitCode: ExitCode.config,
        hints: [
          'set alertRouter.routesFile (or --routes) to an existing YAML file; see docs/alert-router.md',
        ],
        cause: error,
      });
    }
    const missing = new Set<string>();
    try {
      data = expandEnv(parse(text), env, missing);
    } catch (error) {
      throw new OpsError(`routing file ${file} is not valid YAML`, {
        code: 'E_CONFIG',
        exitCode: ExitCode.config,
        cause: error,
      });
    }
    if (missing.size > 0) {
      throw new OpsError(
        `routing file ${file} uses unset environment variables: ${[...missing].sort().join(', ')}`,
        {
          code: 'E_CONFIG',
          exitCode: ExitCode.config,
          hints: ['export them, or write the values into the file'],
        },
      );
    }
  }
  const result = compileRoutes(data, zone);
  if (!result.ok) {
    throw new OpsError(
      `invalid routing file ${file || '(default routes)'}:\n  ${result.issues.map((i) => `${i.path || '(top level)'}: ${i.message}`).join('\n  ')}`,
      {
        code: 'E_CONFIG',
        exitCode: ExitCode.config,
        hints: ['fix every problem listed above; docs/alert-router.md has a complete example'],
      },
    );
  }
  return result.routes;
}
