/**
 * One drift evaluation over a pod list and a registry snapshot, before grace periods: match every
 * instance to its pod, work out which services each pod is expected in, classify instances,
 * duplicates and pods that should be registered but are not. Pure and deterministic.
 */
import type { PodInfo } from '../kube/pod.js';
import type { RegistryInstance, RegistrySnapshot } from '../ports/registry-source.js';
import { classifyDuplicates } from './classify-duplicates.js';
import { classifyInstance } from './classify-instance.js';
import { NO_HISTORY, podRefOf, serviceOf, type DetectContext, type DriftHistory } from './context.js';
import { PodExpectations } from './expectations.js';
import { catalogOf, type ExpectationSource } from './expected.js';
import { cidrContains, parseCidr, parseIp, type Cidr } from './ip.js';
import { matchInstance, type InstanceMatch, type PodMatch } from './match.js';
import { indexPods, isLive } from './pod-index.js';
import { readySince, servesTraffic } from './pod-state.js';
import type { DriftSettings } from './settings.js';
import { serviceKey, type DriftCandidate, type PodRef, type ServiceRef } from './types.js';

/** Both sides of one evaluation. */
export interface DriftInput {
  pods: readonly PodInfo[];
  registry: RegistrySnapshot;
}

/** A pod expected in a service (the `opsctl_registry_expected_pods` inventory). */
export interface ExpectedPod {
  pod: PodRef;
  service: ServiceRef;
  source: ExpectationSource;
  ready: boolean;
}

/** What one evaluation found. */
export interface Detection {
  candidates: DriftCandidate[];
  expected: ExpectedPod[];
  /** Instances compared (not ignored). */
  compared: RegistryInstance[];
  /** Instances tied to a pod, by any rule. */
  matched: number;
}

type Verified = Map<string, Map<string, ServiceRef>>;

function verifiedOf(matches: ReadonlyMap<RegistryInstance, PodMatch>, skip: ReadonlySet<RegistryInstance>) {
  const verified: Verified = new Map();
  for (const [instance, m] of matches) {
    if (skip.has(instance) || m.info.rule === 'ip' || m.info.contested || !instance.healthy) continue;
    const services = verified.get(m.pod.uid) ?? new Map<string, ServiceRef>();
    services.set(serviceKey(instance), serviceOf(instance));
    verified.set(m.pod.uid, services);
  }
  return verified;
}

function readyMissing(
  ctx: DetectContext,
  pods: readonly PodInfo[],
  matches: ReadonlyMap<RegistryInstance, PodMatch>,
): { candidates: DriftCandidate[]; expected: ExpectedPod[] } {
  const registered = new Set<string>();
  for (const [instance, m] of matches) registered.add(`${m.pod.uid}|${serviceKey(instance)}`);
  const candidates: DriftCandidate[] = [];
  const expected: ExpectedPod[] = [];
  for (const pod of pods) {
    const list = ctx.expectations.get(pod.uid);
    if (list === undefined || list === 'opted_out') continue;
    for (const { service, source } of list) {
      if (!ctx.catalog.readable.has(service.nacosNamespace)) continue;
      expected.push({ pod: podRefOf(pod), service, source, ready: servesTraffic(pod) });
      if (!servesTraffic(pod) || registered.has(`${pod.uid}|${serviceKey(service)}`)) continue;
      candidates.push({
        key: `ready_missing|${serviceKey(service)}|${pod.uid}`,
        kind: 'ready_missing',
        reason: source,
        service,
        instance: undefined,
        pod: podRefOf(pod),
        ip: pod.ip ?? pod.ips[0] ?? '',
        port: undefined,
        cluster: '',
        persistent: false,
        match: undefined,
        evidenceSince: readySince(pod),
        detail: `pod ${pod.namespace}/${pod.name} is Ready but has no instance in ${service.group}@@${service.service} (expected by ${source})`,
      });
    }
  }
  return { candidates, expected };
}

function isIgnored(instance: RegistryInstance, ignore: readonly Cidr[]): boolean {
  if (ignore.length === 0) return false;
  const bytes = parseIp(instance.ip);
  return bytes !== undefined && ignore.some((c) => cidrContains(c, bytes));
}

/** Runs one evaluation. `history` is what earlier evaluations saw (none for a one-shot run). */
export function detectDrift(
  input: DriftInput,
  settings: DriftSettings,
  history: DriftHistory = NO_HISTORY,
): Detection {
  const index = indexPods(input.pods, settings.clusterCidrs);
  const catalog = catalogOf(input.registry);
  const ignore = settings.ignoreCidrs.map(parseCidr).filter((c): c is Cidr => c !== undefined);
  const live = input.pods.filter(isLive);
  const expectations = new PodExpectations(live, settings.expectation, catalog);
  const compared = input.registry.instances.filter((i) => !isIgnored(i, ignore));
  const results = new Map<RegistryInstance, InstanceMatch>();
  const matches = new Map<RegistryInstance, PodMatch>();
  for (const instance of compared) {
    const m = matchInstance(instance, index, settings.identityKeys);
    results.set(instance, m);
    if (m.kind === 'matched') matches.set(instance, m);
  }
  const first = expectations.view(verifiedOf(matches, new Set()));
  const ctx: DetectContext = { settings, index, catalog, history, expectations: first, ignore };
  const candidates = compared.flatMap((i) => classifyInstance(ctx, i, results.get(i)!));
  // A second pass without the registrations judged reused, so they do not shape expectations.
  const reused = new Set(candidates.filter((c) => c.kind === 'ip_reused').map((c) => c.instance!));
  const settled = expectations.view(verifiedOf(matches, reused));
  const missing = readyMissing({ ...ctx, expectations: settled }, live, matches);
  const explained = new Set(
    candidates.filter((c) => c.kind === 'ip_reused' || c.kind === 'foreign_ip').map((c) => c.instance!),
  );
  candidates.push(...classifyDuplicates(compared, matches, explained), ...missing.candidates);
  return { candidates, expected: missing.expected, compared, matched: matches.size };
}
