/**
 * The vocabulary of registry drift (reference/nacos.md section 5, DESIGN.md metrics contract):
 * kinds and their reasons, service references, matches and findings.
 */
import type { RegistryInstance } from '../ports/registry-source.js';

/** Every drift kind, in the order tables and docs list them. */
export const DRIFT_KINDS = [
  'stale',
  'foreign_ip',
  'healthy_not_ready',
  'ready_unhealthy',
  'ready_missing',
  'ready_disabled',
  'ip_reused',
  'duplicate',
] as const;

/** One drift kind (label `kind`). */
export type DriftKind = (typeof DRIFT_KINDS)[number];

/** The `reason` label values each kind uses. */
export const DRIFT_REASONS = {
  stale: ['ephemeral', 'persistent'],
  foreign_ip: ['loopback', 'docker_bridge', 'link_local', 'outside_cluster'],
  healthy_not_ready: ['starting', 'terminating', 'unready'],
  ready_unhealthy: ['ephemeral', 'persistent'],
  ready_missing: ['annotation', 'label', 'workload'],
  ready_disabled: ['disabled', 'zero_weight'],
  ip_reused: ['other_service', 'newer_pod', 'identity_mismatch'],
  duplicate: ['same_address', 'same_pod'],
} as const satisfies Record<DriftKind, readonly string[]>;

/** A reason of a kind. */
export type DriftReason = (typeof DRIFT_REASONS)[DriftKind][number];

/** A Nacos service: namespace id (`public` for the default), group, name without `group@@`. */
export interface ServiceRef {
  nacosNamespace: string;
  group: string;
  service: string;
}

/** How an instance was tied to a pod (reference/nacos.md section 5, first hit wins). */
export type MatchRule = 'identity' | 'ip_port' | 'ip';

/** The pod a finding is about, as printed and labelled. */
export interface PodRef {
  namespace: string;
  name: string;
  uid: string;
}

/** How an instance matched its pod. */
export interface MatchInfo {
  rule: MatchRule;
  /** Matched by IP alone: the pod declares no such container port. */
  portUnverified: boolean;
  /** Several live pods held the address; the non-terminating, newest one was taken. */
  contested: boolean;
}

/** Drift as seen in one evaluation, before grace periods are applied. */
export interface DriftCandidate {
  /** Stable identity of the condition across evaluations: kind and subject (not the reason). */
  key: string;
  kind: DriftKind;
  reason: DriftReason;
  service: ServiceRef;
  /** The registered instance; absent for `ready_missing`, which is about a pod. */
  instance: RegistryInstance | undefined;
  pod: PodRef | undefined;
  /** Instance address, or the pod IP for `ready_missing`. */
  ip: string;
  /** Instance port; undefined for `ready_missing`. */
  port: number | undefined;
  cluster: string;
  /** The instance is persistent (ephemeral=false): Nacos never removes it by itself. */
  persistent: boolean;
  match: MatchInfo | undefined;
  /** Epoch ms from which Kubernetes itself dates the condition (pod start, Ready change, deletion). */
  evidenceSince: number | undefined;
  /** Why, in one line: which facts of both sides disagree. */
  detail: string;
}

/** A candidate past its grace period: reported drift. */
export interface DriftFinding extends DriftCandidate {
  /** Epoch ms since when the condition holds; undefined when one read cannot date it. */
  since: number | undefined;
  /** Seconds since `since`; undefined when undated. */
  ageSeconds: number | undefined;
}

/** `namespace/group@@service`: the key services are grouped and compared by. */
export function serviceKey(s: ServiceRef): string {
  return `${s.nacosNamespace}/${s.group}@@${s.service}`;
}

/** Orders services by namespace, group, name. */
export function compareServiceRefs(a: ServiceRef, b: ServiceRef): number {
  return cmp(a.nacosNamespace, b.nacosNamespace) || cmp(a.group, b.group) || cmp(a.service, b.service);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
