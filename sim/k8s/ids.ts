/**
 * Identifiers: UIDs, the 5-character random name suffixes (generateName, ReplicaSet pods) and
 * the pod-template-hash of ReplicaSet names. Seeded, so a scenario builds the same names every
 * run and tests can predict them.
 */

/** Consonants and digits that cannot spell words (k8s.io/apimachinery/pkg/util/rand). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** Generator of identifiers. */
export interface IdSource {
  uid(): string;
  /** `n` random characters from the Kubernetes name alphabet. */
  suffix(n?: number): string;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seeded id source. */
export function createIdSource(seed = 42): IdSource {
  const random = mulberry32(seed);
  const hex = (n: number): string =>
    Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join('');
  return {
    uid: () =>
      `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(random() * 4)] ?? '8'}${hex(3)}-${hex(12)}`,
    suffix: (n = 5) =>
      Array.from({ length: n }, () => ALPHANUMS[Math.floor(random() * ALPHANUMS.length)]).join(''),
  };
}

/** JSON with object keys sorted, so equal objects hash equally. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv32a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(text, 'utf8')) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * The pod-template-hash label value: an FNV-32a hash of the template, printed in decimal and each
 * digit mapped onto the safe alphabet (the deployment controller's ComputeHash + SafeEncodeString).
 */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const decimal = String(fnv32a(canonicalJson(template) + (collisionCount ? String(collisionCount) : '')));
  return [...decimal].map((c) => ALPHANUMS[c.charCodeAt(0) % ALPHANUMS.length]).join('');
}
