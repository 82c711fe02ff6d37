import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { resolveConfig, type ResolvedConfig } from '../../core/config/resolve.js';
import { ExitCode, OpsError } from '../../core/errors.js';

export interface LoadConfigOptions {
  /** `--config`: a missing file is an error. */
  explicitPath?: string;
  env: Readonly<Record<string, string | undefined>>;
  flags?: Readonly<Record<string, unknown>>;
}

/** The default config file: `$XDG_CONFIG_HOME/opsctl/config.yaml`, else `~/.config/opsctl/config.yaml`. */
export function defaultConfigPath(env: Readonly<Record<string, string | undefined>>): string {
  const base = env.XDG_CONFIG_HOME || join(env.HOME || homedir(), '.config');
  return join(base, 'opsctl', 'config.yaml');
}

/** Reads the config file (if any), then resolves flags > env > file > defaults. */
export async function loadConfig(options: LoadConfigOptions): Promise<ResolvedConfig> {
  const path = options.explicitPath ?? options.env.OPSCTL_CONFIG ?? defaultConfigPath(options.env);
  const mustExist = options.explicitPath !== undefined || options.env.OPSCTL_CONFIG !== undefined;
  const text = await readConfigText(path, mustExist);
  const file = text === undefined ? undefined : { path, data: parseConfigYaml(text, path) };
  return resolveConfig({
    ...(file ? { file } : {}),
    env: options.env,
    ...(options.flags ? { flags: options.flags } : {}),
  });
}

async function readConfigText(path: string, mustExist: boolean): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !mustExist) return undefined;
    throw new OpsError(`cannot read config file ${path}`, {
      code: 'E_CONFIG_READ',
      exitCode: ExitCode.config,
      hints:
        code === 'ENOENT'
          ? ['check the path given to --config (or OPSCTL_CONFIG)']
          : ['check the file permissions: ls -l ' + path],
      cause: error,
    });
  }
}

/** YAML text to data; a syntax error names the file, line and column. */
export function parseConfigYaml(text: string, path: string): unknown {
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems = doc.errors.map((e) => {
      const pos = e.linePos?.[0];
      return `${path}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0] ?? e.code}`;
    });
    throw new OpsError(`config file is not valid YAML:\n  ${problems.join('\n  ')}`, {
      code: 'E_CONFIG_YAML',
      exitCode: ExitCode.config,
      hints: ['fix the YAML at the position above (indentation and ":" after keys are the usual suspects)'],
    });
  }
  return doc.toJS() as unknown;
}
