/**
 * Field selectors (`?fieldSelector=`): `=`, `==`, `!=` terms joined by commas, with `\,`, `\=`
 * and `\\` escapes (k8s.io/apimachinery/pkg/fields). Which labels a resource accepts and what
 * value each has follow the real registries (pod strategy ToSelectableFields, core v1
 * conversion functions); any other label is a 400 `field label not supported: <label>`.
 */
import type { ResourceInfo } from '../resources.js';
import type { KubeObject } from '../types.js';
import { SelectorParseError } from './labels.js';

/** One `field<op>value` term. */
export interface FieldRequirement {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** A parsed field selector; empty selects everything. */
export interface FieldSelector {
  requirements: FieldRequirement[];
}

function splitTerms(text: string): string[] {
  const terms: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      current += c + (text[i + 1] ?? '');
      i++;
    } else if (c === ',') {
      terms.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  terms.push(current);
  return terms;
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function parseTerm(term: string, whole: string): FieldRequirement {
  // Find the first unescaped operator.
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '\\') {
      i++;
      continue;
    }
    const rest = term.slice(i);
    const op = rest.startsWith('!=')
      ? '!='
      : rest.startsWith('==')
        ? '=='
        : rest.startsWith('=')
          ? '='
          : null;
    if (op === null) continue;
    return {
      field: unescape(term.slice(0, i)).trim(),
      op: op === '!=' ? '!=' : '=',
      value: unescape(term.slice(i + op.length)),
    };
  }
  throw new SelectorParseError(`invalid selector: '${whole}'; can't understand '${term}'`);
}

/** Parses the `fieldSelector` query parameter. Throws SelectorParseError. */
export function parseFieldSelector(text: string): FieldSelector {
  if (text.trim() === '') return { requirements: [] };
  return { requirements: splitTerms(text).map((t) => parseTerm(t, text)) };
}

/** The field labels this resource accepts in a field selector. */
export function supportedFieldLabels(info: ResourceInfo): string[] {
  const meta = info.namespaced ? ['metadata.name', 'metadata.namespace'] : ['metadata.name'];
  return [...meta, ...info.fieldLabels];
}

/** The first label this resource does not support, or undefined when all are supported. */
export function unsupportedFieldLabel(info: ResourceInfo, selector: FieldSelector): string | undefined {
  const ok = new Set(supportedFieldLabels(info));
  // Cluster-scoped resources still accept metadata.namespace (it matches the empty string).
  ok.add('metadata.namespace');
  return selector.requirements.find((r) => !ok.has(r.field))?.field;
}

function path(obj: unknown, keys: string[]): unknown {
  let node: unknown = obj;
  for (const k of keys) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[k];
  }
  return node;
}

function str(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The selectable value of a field label on an object, as the real registry computes it. */
export function fieldValue(obj: KubeObject, label: string): string {
  switch (label) {
    case 'metadata.name':
      return obj.metadata.name ?? '';
    case 'metadata.namespace':
      return obj.metadata.namespace ?? '';
    case 'spec.hostNetwork':
    case 'spec.unschedulable':
      return path(obj, label.split('.')) === true ? 'true' : 'false';
    case 'status.podIP': {
      const ips = path(obj, ['status', 'podIPs']);
      const first = Array.isArray(ips) ? (ips[0] as { ip?: string } | undefined)?.ip : undefined;
      return first ?? str(path(obj, ['status', 'podIP']));
    }
    case 'status.podIPs':
      return '';
    case 'source':
      return str(path(obj, ['source', 'component']));
    case 'reportingComponent':
      return str(path(obj, ['reportingComponent']));
    case 'status.replicas':
      return str(path(obj, ['status', 'replicas']) ?? 0);
    default:
      return str(path(obj, label.split('.')));
  }
}

/** True when every term holds for the object. */
export function matchesFields(selector: FieldSelector, obj: KubeObject): boolean {
  return selector.requirements.every((r) => (fieldValue(obj, r.field) === r.value) === (r.op === '='));
}
