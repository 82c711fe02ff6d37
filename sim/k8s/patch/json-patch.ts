/** RFC 6902 JSON Patch (add, remove, replace, move, copy, test) over RFC 6901 pointers. */
import { isPlainObject, PatchError } from './patch-error.js';

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: unknown;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/'))
    throw new PatchError(`JSON pointer must start with '/': "${pointer}"`, 'failed');
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

type Container = Record<string, unknown> | unknown[];

function resolveParent(doc: unknown, tokens: string[], pointer: string): { parent: Container; key: string } {
  let node: unknown = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(node, token, pointer, false)];
    else if (isPlainObject(node) && token in node) node = node[token];
    else throw new PatchError(`doc is missing path: "${pointer}": missing value`, 'failed');
  }
  if (!Array.isArray(node) && !isPlainObject(node)) {
    throw new PatchError(`doc is missing path: "${pointer}": missing value`, 'failed');
  }
  return { parent: node, key: tokens[tokens.length - 1] ?? '' };
}

function arrayIndex(arr: unknown[], token: string, pointer: string, forInsert: boolean): number {
  if (forInsert && token === '-') return arr.length;
  if (!/^(0|[1-9]\d*)$/.test(token))
    throw new PatchError(`invalid array index "${token}" in "${pointer}"`, 'failed');
  const index = Number(token);
  const max = forInsert ? arr.length : arr.length - 1;
  if (index > max) throw new PatchError(`index out of bounds in "${pointer}"`, 'failed');
  return index;
}

function get(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return doc;
  const { parent, key } = resolveParent(doc, tokens, pointer);
  if (Array.isArray(parent)) return parent[arrayIndex(parent, key, pointer, false)];
  if (!(key in parent)) throw new PatchError(`doc is missing key: "${pointer}": missing value`, 'failed');
  return parent[key];
}

function add(doc: unknown, pointer: string, value: unknown): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = resolveParent(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, pointer, true), 0, value);
  else parent[key] = value;
  return doc;
}

function remove(doc: unknown, pointer: string): unknown {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw new PatchError('cannot remove the whole document', 'failed');
  const { parent, key } = resolveParent(doc, tokens, pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, key, pointer, false), 1);
  else if (key in parent) delete parent[key];
  else throw new PatchError(`Unable to remove nonexistent key: ${key}: missing value`, 'failed');
  return doc;
}

function parseOperations(patch: unknown): Operation[] {
  if (!Array.isArray(patch)) {
    throw new PatchError('json: cannot unmarshal object into Go value of type jsonpatch.Patch', 'malformed');
  }
  return patch.map((op: unknown) => {
    if (!isPlainObject(op) || typeof op.op !== 'string' || typeof op.path !== 'string') {
      throw new PatchError('invalid JSON patch operation: op and path are required', 'malformed');
    }
    return op as unknown as Operation;
  });
}

function applyOne(doc: unknown, op: Operation): unknown {
  switch (op.op) {
    case 'add':
      return add(doc, op.path, structuredClone(op.value));
    case 'remove':
      return remove(doc, op.path);
    case 'replace':
      get(doc, op.path);
      return add(remove(doc, op.path), op.path, structuredClone(op.value));
    case 'move': {
      const value = get(doc, op.from ?? '');
      return add(remove(doc, op.from ?? ''), op.path, value);
    }
    case 'copy':
      return add(doc, op.path, structuredClone(get(doc, op.from ?? '')));
    case 'test':
      if (JSON.stringify(get(doc, op.path)) !== JSON.stringify(op.value)) {
        throw new PatchError(`testing value ${op.path} failed: test failed`, 'failed');
      }
      return doc;
    default:
      throw new PatchError(`Unexpected kind: ${op.op}`, 'failed');
  }
}

/** Applies a JSON Patch document to a copy of `target`. Throws PatchError. */
export function applyJsonPatch<T>(target: T, patch: unknown): T {
  const ops = parseOperations(patch);
  let doc: unknown = structuredClone(target);
  for (const op of ops) doc = applyOne(doc, op);
  return doc as T;
}
