import { ExitCode, OpsError } from '../errors.js';
import { validateNasLayout } from '../nas/layout.js';
import { configSchema, defaultConfig, SECRET_KEY, type OpsConfig } from './schema.js';

/** Where a setting's value came from, strongest last. */
export type ConfigSource = 'default' | 'file' | 'env' | 'flag';

/** A partial config as one layer supplies it (file contents, env, flags). */
export type ConfigLayer = Record<string, unknown>;

export interface ResolvedConfig {
  config: OpsConfig;
  /** Source of every leaf setting by dotted path (`exporter.port` -> 'flag'). */
  sources: Record<string, ConfigSource>;
  /** The config file that was read, if any. */
  file?: string;
}

export interface ConfigInputs {
  file?: { path: string; data: unknown };
  env?: Readonly<Record<string, string | undefined>>;
  /** Flag values by dotted config path; undefined values are ignored. */
  flags?: Readonly<Record<string, unknown>>;
}

type Leaf = { path: string; sample: unknown };

/** Every leaf setting of the schema, with its default as a type sample. */
export function configLeaves(): Leaf[] {
  const leaves: Leaf[] = [];
  const walk = (value: unknown, prefix: string): void => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, child] of Object.entries(value)) walk(child, prefix ? `${prefix}.${key}` : key);
    } else leaves.push({ path: prefix, sample: value });
  };
  walk(defaultConfig, '');
  return leaves;
}

/** `exporter.scanIntervalSeconds` -> `OPSCTL_EXPORTER_SCAN_INTERVAL_SECONDS`. */
export function envNameOf(path: string): string {
  return `OPSCTL_${path
    .split('.')
    .map((part) => part.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase())
    .join('_')}`;
}

/**
 * Merges defaults < file < env < flags, validates once and lists every problem by path.
 * Throws OpsError `E_CONFIG` (exit 78) naming each bad setting and where it came from.
 */
export function resolveConfig(inputs: ConfigInputs): ResolvedConfig {
  const sources: Record<string, ConfigSource> = {};
  const merged = structuredClone(defaultConfig) as unknown as ConfigLayer;
  for (const leaf of configLeaves()) sources[leaf.path] = 'default';

  if (inputs.file) {
    const data = inputs.file.data ?? {};
    if (typeof data !== 'object' || Array.isArray(data)) {
      throw new OpsError(`config file ${inputs.file.path}: expected a mapping of settings at the top level`, {
        code: 'E_CONFIG',
        exitCode: ExitCode.config,
        hints: ['see the example in README.md, section Configuration'],
      });
    }
    mergeLayer(merged, data as ConfigLayer, '', 'file', sources);
  }
  mergeLayer(merged, envLayer(inputs.env ?? {}), '', 'env', sources);
  for (const [path, value] of Object.entries(inputs.flags ?? {})) {
    if (value === undefined) continue;
    setPath(merged, path, value);
    sources[path] = 'flag';
  }

  const parsed = configSchema.safeParse(merged);
  const issues = parsed.success
    ? validateNasLayout(parsed.data.nas.layout).map((i) => ({
        path: ['nas', 'layout', i.path],
        message: i.message,
      }))
    : parsed.error.issues;
  if (!parsed.success || issues.length > 0) {
    const problems = issues.map((issue) => {
      const path = issue.path.join('.');
      const from = sources[path];
      const where =
        from && from !== 'default' ? ` (from ${describeSource(from, path, inputs.file?.path)})` : '';
      return `${path || '(top level)'}: ${issue.message.replace(/^Invalid input: /, '')}${where}`;
    });
    throw new OpsError(`invalid configuration:\n  ${problems.join('\n  ')}`, {
      code: 'E_CONFIG',
      exitCode: ExitCode.config,
      hints: ['fix the settings above; `opsctl config show` prints every setting and where it comes from'],
    });
  }
  return inputs.file
    ? { config: parsed.data, sources, file: inputs.file.path }
    : { config: parsed.data, sources };
}

function describeSource(source: ConfigSource, path: string, file: string | undefined): string {
  switch (source) {
    case 'file':
      return `file ${file ?? ''}`.trim();
    case 'env':
      return `env ${envNameOf(path)}`;
    case 'flag':
      return 'a flag';
    case 'default':
      return 'default';
  }
}

function envLayer(env: Readonly<Record<string, string | undefined>>): ConfigLayer {
  const layer: ConfigLayer = {};
  for (const leaf of configLeaves()) {
    const raw = env[envNameOf(leaf.path)];
    if (raw !== undefined && raw !== '') setPath(layer, leaf.path, coerce(raw, leaf.sample));
  }
  return layer;
}

/** Environment values are text: read them as the type the default has (zod reports what fails). */
function coerce(raw: string, sample: unknown): unknown {
  if (typeof sample === 'number') return raw.trim() === '' || Number.isNaN(Number(raw)) ? raw : Number(raw);
  if (typeof sample === 'boolean') {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    return raw;
  }
  if (Array.isArray(sample))
    return raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return raw;
}

function mergeLayer(
  target: ConfigLayer,
  layer: ConfigLayer,
  prefix: string,
  source: ConfigSource,
  sources: Record<string, ConfigSource>,
): void {
  for (const [key, value] of Object.entries(layer)) {
    const path = prefix ? `${prefix}.${key}` : key;
    const existing = target[key];
    const isObject = (v: unknown): v is ConfigLayer =>
      v !== null && typeof v === 'object' && !Array.isArray(v);
    if (isObject(value) && isObject(existing)) {
      mergeLayer(existing, value, path, source, sources);
    } else {
      target[key] = value;
      sources[path] = source;
    }
  }
}

function setPath(target: ConfigLayer, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) node[part] = {};
    node = node[part] as ConfigLayer;
  }
  node[parts[parts.length - 1] ?? path] = value;
}

/** A copy of the config with every secret value replaced by `***`. */
export function redactConfig<T>(value: T, key = ''): T {
  if (Array.isArray(value)) return (value as unknown[]).map((v) => redactConfig(v, key)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactConfig(v, k)])) as T;
  }
  return (SECRET_KEY.test(key) && value !== '' && value !== undefined ? '***' : value) as T;
}
