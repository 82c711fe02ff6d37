/**
 * Reading scenario files: YAML parse, schema validation and cross-reference checks, with every
 * problem listed by path in one error (`kubernetes.workloads[0].replicas: expected number`).
 */
import { readFile } from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { OpsError, ExitCode } from '../../core/errors.js';
import { checkKubeScenario } from './kubernetes-checks.js';
import { scenarioSchema, type Scenario } from './schema.js';

function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out || '(top level)';
}

function fail(source: string, problems: string[]): never {
  throw new OpsError(`scenario ${source} is invalid:\n${problems.map((p) => `  - ${p}`).join('\n')}`, {
    code: 'E_SCENARIO_INVALID',
    exitCode: ExitCode.config,
    hints: ['fix the listed fields; see sim/scenario/kubernetes.ts for every setting'],
  });
}

/** Validates a scenario given as data (already parsed YAML/JSON). Throws OpsError E_SCENARIO_INVALID. */
export function validateScenario(data: unknown, source = 'scenario'): Scenario {
  const parsed = scenarioSchema.safeParse(data ?? {});
  if (!parsed.success) {
    fail(
      source,
      parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message.replace(/^Invalid input: /, '')}`),
    );
  }
  const k = parsed.data.kubernetes;
  const issues = k ? checkKubeScenario(k) : [];
  if (issues.length > 0)
    fail(
      source,
      issues.map((i) => `${formatPath(['kubernetes', ...i.path])}: ${i.message}`),
    );
  return parsed.data;
}

/** Parses and validates scenario YAML text. */
export function parseScenario(text: string, source = 'scenario'): Scenario {
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    fail(
      source,
      doc.errors.map((e) => `line ${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0] ?? e.message}`),
    );
  }
  return validateScenario(doc.toJS(), source);
}

/** Reads and validates a scenario file. */
export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new OpsError(`cannot read scenario file ${path}`, {
      code: 'E_SCENARIO_READ',
      cause: e,
      hints: ['check the path'],
    });
  }
  return parseScenario(text, path);
}
