/** Why a patch could not be applied; the HTTP layer maps `malformed` to 400 and `failed` to 422. */
export class PatchError extends Error {
  constructor(
    message: string,
    readonly kind: 'malformed' | 'failed',
  ) {
    super(message);
    this.name = 'PatchError';
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
