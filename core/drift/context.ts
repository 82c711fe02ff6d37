/** What every classification step of one evaluation shares. */
import type { PodInfo } from '../kube/pod.js';
import type { RegistryInstance } from '../ports/registry-source.js';
import type { ExpectationView } from './expectations.js';
import type { RegistryCatalog } from './expected.js';
import { normaliseIp, type Cidr } from './ip.js';
import type { PodIndex } from './pod-index.js';
import type { DriftSettings } from './settings.js';
import type { DriftCandidate, PodRef, ServiceRef } from './types.js';

/** What the engine remembers between evaluations (nothing in a one-shot run). */
export interface DriftHistory {
  /** Epoch ms when an instance (by instanceKey) was first seen; undefined when unknown. */
  instanceFirstSeen(key: string): number | undefined;
  /** Whether the pod (by UID) was seen Ready in an earlier evaluation. */
  seenReady(uid: string): boolean;
}

/** A history that knows nothing: one read, no memory. */
export const NO_HISTORY: DriftHistory = {
  instanceFirstSeen: () => undefined,
  seenReady: () => false,
};

/** Shared state of one evaluation. */
export interface DetectContext {
  settings: DriftSettings;
  index: PodIndex;
  catalog: RegistryCatalog;
  history: DriftHistory;
  /** Expectations per pod UID (explicit, else inferred); `opted_out` pods expect nothing. */
  expectations: ExpectationView;
  ignore: readonly Cidr[];
}

/** `ns/group@@service/cluster/ip:port`, with the IP in canonical text. */
export function instanceKey(i: RegistryInstance): string {
  return `${i.nacosNamespace}/${i.group}@@${i.service}/${i.cluster}/${normaliseIp(i.ip)}:${i.port}`;
}

/** The service of an instance. */
export function serviceOf(i: RegistryInstance): ServiceRef {
  return { nacosNamespace: i.nacosNamespace, group: i.group, service: i.service };
}

/** The reference of a pod. */
export function podRefOf(pod: PodInfo): PodRef {
  return { namespace: pod.namespace, name: pod.name, uid: pod.uid };
}

/** A candidate about an instance; `extra` sets kind, reason and what differs. */
export function instanceCandidate(
  instance: RegistryInstance,
  extra: Pick<DriftCandidate, 'kind' | 'reason' | 'detail'> &
    Partial<Pick<DriftCandidate, 'pod' | 'match' | 'evidenceSince'>>,
): DriftCandidate {
  return {
    key: `${extra.kind}|${instanceKey(instance)}`,
    service: serviceOf(instance),
    instance,
    ip: instance.ip,
    port: instance.port,
    cluster: instance.cluster,
    persistent: !instance.ephemeral,
    pod: undefined,
    match: undefined,
    evidenceSince: undefined,
    ...extra,
  };
}
