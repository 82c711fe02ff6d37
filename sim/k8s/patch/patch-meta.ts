/**
 * Strategic-merge metadata (the `patchStrategy`/`patchMergeKey` struct tags of k8s.io/api) for
 * the kinds the simulator serves: which lists merge by which key, which primitive lists merge as
 * sets. Lists not named here are atomic and a patch replaces them.
 */

/** How a list field merges. */
export interface ListMeta {
  /** Lists of objects: the key identifying an element (`name`, `type`, `containerPort`). */
  mergeKey?: string;
  /** Lists of primitives with strategy merge (`finalizers`): patch values are added as a set. */
  primitiveSet?: boolean;
}

const CONTAINER_LISTS: Record<string, ListMeta> = {
  ports: { mergeKey: 'containerPort' },
  env: { mergeKey: 'name' },
  volumeMounts: { mergeKey: 'mountPath' },
  volumeDevices: { mergeKey: 'devicePath' },
};

const POD_SPEC_LISTS: Record<string, ListMeta> = {
  volumes: { mergeKey: 'name' },
  imagePullSecrets: { mergeKey: 'name' },
  hostAliases: { mergeKey: 'ip' },
  topologySpreadConstraints: { mergeKey: 'topologyKey' },
  resourceClaims: { mergeKey: 'name' },
  schedulingGates: { mergeKey: 'name' },
};

const CONTAINER_FIELDS = ['containers', 'initContainers', 'ephemeralContainers'];

function podSpecMeta(prefix: string, out: Map<string, ListMeta>): void {
  for (const field of CONTAINER_FIELDS) {
    out.set(`${prefix}.${field}`, { mergeKey: 'name' });
    for (const [name, meta] of Object.entries(CONTAINER_LISTS)) out.set(`${prefix}.${field}.${name}`, meta);
  }
  for (const [name, meta] of Object.entries(POD_SPEC_LISTS)) out.set(`${prefix}.${name}`, meta);
}

function metaFor(kind: string): Map<string, ListMeta> {
  const out = new Map<string, ListMeta>([
    ['metadata.ownerReferences', { mergeKey: 'uid' }],
    ['metadata.finalizers', { primitiveSet: true }],
  ]);
  switch (kind) {
    case 'Pod':
      podSpecMeta('spec', out);
      out.set('status.conditions', { mergeKey: 'type' });
      out.set('status.podIPs', { mergeKey: 'ip' });
      out.set('status.hostIPs', { mergeKey: 'ip' });
      out.set('status.resourceClaimStatuses', { mergeKey: 'name' });
      break;
    case 'Deployment':
    case 'ReplicaSet':
      podSpecMeta('spec.template.spec', out);
      out.set('spec.template.metadata.ownerReferences', { mergeKey: 'uid' });
      out.set('status.conditions', { mergeKey: 'type' });
      break;
    case 'Node':
      out.set('spec.podCIDRs', { primitiveSet: true });
      out.set('status.conditions', { mergeKey: 'type' });
      out.set('status.addresses', { mergeKey: 'type' });
      break;
    case 'Namespace':
      out.set('status.conditions', { mergeKey: 'type' });
      break;
    default:
      break;
  }
  return out;
}

const cache = new Map<string, Map<string, ListMeta>>();

/** The merge metadata of the list at this dotted path (list indices left out) of a kind. */
export function listMeta(kind: string, path: readonly string[]): ListMeta | undefined {
  let table = cache.get(kind);
  if (!table) {
    table = metaFor(kind);
    cache.set(kind, table);
  }
  return table.get(path.join('.'));
}
