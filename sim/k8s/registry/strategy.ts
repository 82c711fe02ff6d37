/**
 * What an update may change, per subresource (the registry strategies' PrepareForUpdate): the
 * main resource cannot touch status or ephemeral containers, `/status` only touches status,
 * `/ephemeralcontainers` only appends ephemeral containers; identity and lifecycle metadata
 * always come from the stored object, and `metadata.generation` follows spec changes.
 */
import type { FieldCause } from '../api-error.js';
import { canonicalJson } from '../ids.js';
import type { KubeObject, Pod } from '../types.js';
import { defaultPodSpec } from './defaults.js';
import { validateEphemeralUpdate, validatePodSpecUpdate } from './validation.js';

/** Subresources that write to the stored object. */
export type WriteSubresource = '' | 'status' | 'ephemeralcontainers';

const KINDS_WITH_STATUS = new Set(['Pod', 'Deployment', 'ReplicaSet', 'Node', 'Namespace']);
const KINDS_WITH_GENERATION = new Set(['Deployment', 'ReplicaSet']);

function keepIdentity(next: KubeObject, old: KubeObject): KubeObject {
  const meta = { ...next.metadata };
  for (const key of [
    'uid',
    'creationTimestamp',
    'deletionTimestamp',
    'deletionGracePeriodSeconds',
    'generation',
    'namespace',
    'name',
  ] as const) {
    if (old.metadata[key] === undefined) delete meta[key];
    else (meta as Record<string, unknown>)[key] = old.metadata[key];
  }
  return { ...next, metadata: meta };
}

function mainUpdate(next: KubeObject, old: KubeObject): { obj: KubeObject; causes: FieldCause[] } {
  const obj = keepIdentity(next, old);
  if (KINDS_WITH_STATUS.has(old.kind)) {
    if (old.status === undefined) delete obj.status;
    else obj.status = old.status;
  }
  if (old.kind !== 'Pod') return { obj, causes: [] };
  const pod = obj as Pod;
  const oldPod = old as Pod;
  pod.spec = { ...pod.spec };
  if (oldPod.spec.ephemeralContainers) pod.spec.ephemeralContainers = oldPod.spec.ephemeralContainers;
  else delete pod.spec.ephemeralContainers;
  return { obj: pod, causes: validatePodSpecUpdate(pod, oldPod) };
}

function ephemeralUpdate(next: KubeObject, old: KubeObject): { obj: KubeObject; causes: FieldCause[] } {
  const oldPod = old as Pod;
  const wanted = (next as Pod).spec?.ephemeralContainers ?? [];
  const defaulted =
    defaultPodSpec({ containers: [], ephemeralContainers: wanted }, false).ephemeralContainers ?? [];
  const obj: Pod = {
    ...oldPod,
    metadata: { ...oldPod.metadata },
    spec: { ...oldPod.spec, ephemeralContainers: defaulted },
  };
  if (defaulted.length === 0) delete obj.spec.ephemeralContainers;
  return { obj, causes: validateEphemeralUpdate(obj, oldPod) };
}

/** The object an update of `sub` would store, and why it may not (empty when allowed). */
export function prepareUpdate(
  sub: WriteSubresource,
  next: KubeObject,
  old: KubeObject,
): { obj: KubeObject; causes: FieldCause[] } {
  let result: { obj: KubeObject; causes: FieldCause[] };
  switch (sub) {
    case '':
      result = mainUpdate(next, old);
      break;
    case 'status':
      result = { obj: { ...old, metadata: { ...old.metadata }, status: next.status }, causes: [] };
      break;
    case 'ephemeralcontainers':
      result = ephemeralUpdate(next, old);
      break;
  }
  const { obj } = result;
  if (KINDS_WITH_GENERATION.has(old.kind) && canonicalJson(obj.spec) !== canonicalJson(old.spec)) {
    obj.metadata = { ...obj.metadata, generation: (old.metadata.generation ?? 1) + 1 };
  }
  return result;
}

/** True when storing `next` would change nothing but the resourceVersion. */
export function isNoop(next: KubeObject, old: KubeObject): boolean {
  const strip = (o: KubeObject): string =>
    canonicalJson({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
  return strip(next) === strip(old);
}

/** Initial generation of a new object. */
export function initialGeneration(kind: string): number | undefined {
  return KINDS_WITH_GENERATION.has(kind) ? 1 : undefined;
}
