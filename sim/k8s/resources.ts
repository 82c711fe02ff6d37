/**
 * The resources the simulator serves, with what discovery advertises for each (kind, verbs,
 * short names, categories, subresources) and the field-selector labels the real server accepts
 * for it (kubernetes pkg/apis/core/v1/conversion.go, apps registry strategies).
 */

/** A subresource as listed in an APIResourceList (`pods/status`). */
export interface SubresourceInfo {
  name: string;
  kind: string;
  verbs: string[];
  /** Set when the subresource kind lives elsewhere (scale -> autoscaling/v1). */
  group?: string;
  version?: string;
}

/** One served resource. */
export interface ResourceInfo {
  /** Store key: `pods`, `deployments.apps`. */
  key: string;
  group: string;
  version: string;
  /** Plural name used in URLs. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: SubresourceInfo[];
  /** Field selector labels beyond `metadata.name` and `metadata.namespace`. */
  fieldLabels: string[];
}

const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const STATUS_VERBS = ['get', 'patch', 'update'];

function resource(spec: Omit<ResourceInfo, 'key' | 'verbs'> & { verbs?: string[] }): ResourceInfo {
  return {
    ...spec,
    key: spec.group === '' ? spec.resource : `${spec.resource}.${spec.group}`,
    verbs: spec.verbs ?? ALL_VERBS,
  };
}

/** Every resource the simulator serves, in discovery order. */
export const RESOURCES: readonly ResourceInfo[] = [
  resource({
    group: '',
    version: 'v1',
    resource: 'namespaces',
    singular: 'namespace',
    kind: 'Namespace',
    namespaced: false,
    shortNames: ['ns'],
    categories: [],
    verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    subresources: [
      { name: 'status', kind: 'Namespace', verbs: STATUS_VERBS },
      { name: 'finalize', kind: 'Namespace', verbs: ['update'] },
    ],
    fieldLabels: ['status.phase'],
  }),
  resource({
    group: '',
    version: 'v1',
    resource: 'nodes',
    singular: 'node',
    kind: 'Node',
    namespaced: false,
    shortNames: ['no'],
    categories: [],
    subresources: [{ name: 'status', kind: 'Node', verbs: STATUS_VERBS }],
    fieldLabels: ['spec.unschedulable'],
  }),
  resource({
    group: '',
    version: 'v1',
    resource: 'pods',
    singular: 'pod',
    kind: 'Pod',
    namespaced: true,
    shortNames: ['po'],
    categories: ['all'],
    subresources: [
      { name: 'attach', kind: 'PodAttachOptions', verbs: ['create', 'get'] },
      { name: 'ephemeralcontainers', kind: 'Pod', verbs: STATUS_VERBS },
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'portforward', kind: 'PodPortForwardOptions', verbs: ['create', 'get'] },
      { name: 'status', kind: 'Pod', verbs: STATUS_VERBS },
    ],
    fieldLabels: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.podIPs',
      'status.nominatedNodeName',
    ],
  }),
  resource({
    group: '',
    version: 'v1',
    resource: 'events',
    singular: 'event',
    kind: 'Event',
    namespaced: true,
    shortNames: ['ev'],
    categories: [],
    subresources: [],
    fieldLabels: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  }),
  resource({
    group: 'apps',
    version: 'v1',
    resource: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    namespaced: true,
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [
      { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: STATUS_VERBS },
      { name: 'status', kind: 'Deployment', verbs: STATUS_VERBS },
    ],
    fieldLabels: [],
  }),
  resource({
    group: 'apps',
    version: 'v1',
    resource: 'replicasets',
    singular: 'replicaset',
    kind: 'ReplicaSet',
    namespaced: true,
    shortNames: ['rs'],
    categories: ['all'],
    subresources: [
      { name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: STATUS_VERBS },
      { name: 'status', kind: 'ReplicaSet', verbs: STATUS_VERBS },
    ],
    fieldLabels: ['status.replicas'],
  }),
];

/** `apiVersion` of a resource's objects: `v1`, `apps/v1`. */
export function apiVersionOf(info: ResourceInfo): string {
  return info.group === '' ? info.version : `${info.group}/${info.version}`;
}

/** The resource served at group/version with this plural name. */
export function findResource(group: string, version: string, plural: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === plural);
}

/** The resource whose objects have this kind (and apiVersion, when given). */
export function resourceForKind(kind: string, apiVersion?: string): ResourceInfo | undefined {
  return RESOURCES.find(
    (r) => r.kind === kind && (apiVersion === undefined || apiVersionOf(r) === apiVersion),
  );
}

/** Looks a resource up by its store key (`pods`, `deployments.apps`); throws for unknown keys. */
export function resourceByKey(key: string): ResourceInfo {
  const info = RESOURCES.find((r) => r.key === key);
  if (!info) throw new Error(`unknown resource ${key}`);
  return info;
}

/** Group versions served under /apis, e.g. `apps/v1`. */
export function servedGroups(): { group: string; version: string }[] {
  const seen = new Map<string, { group: string; version: string }>();
  for (const r of RESOURCES) if (r.group !== '') seen.set(`${r.group}/${r.version}`, r);
  return [...seen.values()].map(({ group, version }) => ({ group, version }));
}
