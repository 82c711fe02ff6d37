/** RFC 7386 JSON Merge Patch: objects merge recursively, null deletes, anything else replaces. */
import { isPlainObject } from './patch-error.js';

function merge(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch)) return patch;
  const result: Record<string, unknown> = isPlainObject(target) ? target : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = merge(result[key], value);
  }
  return result;
}

/** Applies a merge patch to a copy of `target` and returns it (inputs are not modified). */
export function applyMergePatch<T>(target: T, patch: unknown): T {
  return merge(structuredClone(target), structuredClone(patch)) as T;
}
