/**
 * Strategic merge patch (k8s.io/apimachinery/pkg/util/strategicpatch) for the served kinds:
 * maps merge recursively and `null` deletes a key; lists named in patch-meta merge element by
 * element on their merge key, others are replaced. Directives: `$patch: replace|delete|merge`
 * (on maps and on list elements), `$retainKeys`, `$deleteFromPrimitiveList/<field>` and
 * `$setElementOrder/<field>` (kubectl apply and kubectl debug send the last one).
 */
import { isPlainObject, PatchError } from './patch-error.js';
import { listMeta, type ListMeta } from './patch-meta.js';

type Obj = Record<string, unknown>;

const DELETE_FROM = '$deleteFromPrimitiveList/';
const SET_ORDER = '$setElementOrder/';

function isDirectiveKey(key: string): boolean {
  return (
    key === '$patch' || key === '$retainKeys' || key.startsWith(DELETE_FROM) || key.startsWith(SET_ORDER)
  );
}

/** Removes directives from a value that has no original to merge with. */
function clean(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.filter((v) => !(isPlainObject(v) && v.$patch === 'delete')).map(clean);
  }
  if (!isPlainObject(value)) return value;
  const out: Obj = {};
  for (const [k, v] of Object.entries(value)) {
    if (!isDirectiveKey(k) && v !== null) out[k] = clean(v);
  }
  return out;
}

function sameKey(a: unknown, b: unknown, mergeKey: string): boolean {
  return isPlainObject(a) && isPlainObject(b) && JSON.stringify(a[mergeKey]) === JSON.stringify(b[mergeKey]);
}

function mergeList(
  kind: string,
  path: string[],
  original: unknown[],
  patch: unknown[],
  meta: ListMeta,
): unknown[] {
  if (patch.some((e) => isPlainObject(e) && e.$patch === 'replace')) {
    return clean(patch.filter((e) => !(isPlainObject(e) && e.$patch === 'replace'))) as unknown[];
  }
  if (meta.primitiveSet) {
    const out = [...original];
    for (const v of patch) if (!out.some((o) => JSON.stringify(o) === JSON.stringify(v))) out.push(v);
    return out;
  }
  const key = meta.mergeKey ?? 'name';
  let out = [...original];
  for (const element of patch) {
    if (!isPlainObject(element))
      throw new PatchError(`found non-map element in list at ${path.join('.')}`, 'failed');
    if (!(key in element))
      throw new PatchError(
        `map: ${JSON.stringify(element)} does not contain declared merge key: ${key}`,
        'failed',
      );
    const index = out.findIndex((o) => sameKey(o, element, key));
    if (element.$patch === 'delete') {
      out = out.filter((o) => !sameKey(o, element, key));
    } else if (index >= 0) {
      out[index] = mergeMap(kind, path, out[index] as Obj, element);
    } else {
      out.push(clean(element));
    }
  }
  return out;
}

function orderList(list: unknown[], order: unknown[], mergeKey: string | undefined): unknown[] {
  const keyOf = (v: unknown): string =>
    JSON.stringify(mergeKey !== undefined && isPlainObject(v) ? v[mergeKey] : v);
  const rank = new Map(order.map((o, i) => [keyOf(o), i]));
  const listed = list.filter((v) => rank.has(keyOf(v)));
  const rest = list.filter((v) => !rank.has(keyOf(v)));
  listed.sort((a, b) => (rank.get(keyOf(a)) ?? 0) - (rank.get(keyOf(b)) ?? 0));
  return [...listed, ...rest];
}

function mergeValue(kind: string, path: string[], original: unknown, value: unknown): unknown {
  if (isPlainObject(value)) {
    return isPlainObject(original) ? mergeMap(kind, path, original, value) : clean(value);
  }
  if (Array.isArray(value)) {
    const meta = listMeta(kind, path);
    if (meta && Array.isArray(original)) return mergeList(kind, path, original, value, meta);
    return clean(value);
  }
  return value;
}

function applyListDirectives(kind: string, path: string[], result: Obj, patch: Obj): void {
  for (const [key, value] of Object.entries(patch)) {
    if (key.startsWith(DELETE_FROM) && Array.isArray(value)) {
      const field = key.slice(DELETE_FROM.length);
      const list = result[field];
      if (Array.isArray(list)) {
        const drop = new Set(value.map((v) => JSON.stringify(v)));
        result[field] = list.filter((v) => !drop.has(JSON.stringify(v)));
      }
    } else if (key.startsWith(SET_ORDER) && Array.isArray(value)) {
      const field = key.slice(SET_ORDER.length);
      const list = result[field];
      if (Array.isArray(list))
        result[field] = orderList(list, value, listMeta(kind, [...path, field])?.mergeKey);
    }
  }
}

function mergeMap(kind: string, path: string[], original: Obj, patch: Obj): Obj {
  const directive = patch.$patch;
  if (directive === 'replace') return clean(patch) as Obj;
  if (directive !== undefined && directive !== 'merge' && directive !== 'delete') {
    throw new PatchError(
      `Unknown patch type: ${JSON.stringify(directive)} in map: ${JSON.stringify(patch)}`,
      'failed',
    );
  }
  const result: Obj = { ...original };
  for (const [key, value] of Object.entries(patch)) {
    if (isDirectiveKey(key)) continue;
    if (value === null || (isPlainObject(value) && value.$patch === 'delete')) {
      delete result[key];
      continue;
    }
    result[key] = mergeValue(kind, [...path, key], result[key], value);
  }
  applyListDirectives(kind, path, result, patch);
  const retain = patch.$retainKeys;
  if (Array.isArray(retain)) {
    for (const key of Object.keys(result)) if (!retain.includes(key)) delete result[key];
  }
  return result;
}

/** Applies a strategic merge patch for an object of `kind` to a copy of `target`. */
export function applyStrategicMergePatch<T>(kind: string, target: T, patch: unknown): T {
  if (!isPlainObject(patch)) {
    throw new PatchError(
      'json: cannot unmarshal array into Go value of type map[string]interface {}',
      'malformed',
    );
  }
  const copy = structuredClone(target) as Obj;
  return mergeMap(kind, [], copy, structuredClone(patch)) as T;
}
