/**
 * The simulator's world: namespaces, services and instances, the beat bookkeeping, and the
 * expiry sweep (unhealthy after the beat timeout, removed after the delete timeout, persistent
 * instances never removed). This is also the in-process API tests and timelines use to change
 * the world.
 */
import type { Clock } from '../k8s/clock.js';
import {
  PUBLIC_NAMESPACE,
  beatTimings,
  defaultInstanceId,
  normaliseNamespace,
  splitServiceName,
  type SimInstance,
  type SimNamespace,
  type SimService,
} from './model.js';
import {
  resolve,
  type BeatBody,
  type InstancePatch,
  type InstanceRef,
  type LocatedInstance,
  type RegisterInput,
} from './refs.js';

export type { BeatBody, InstancePatch, InstanceRef, LocatedInstance, RegisterInput } from './refs.js';

/** The world of one simulated Nacos server. */
export class NacosStore {
  private readonly spaces = new Map<string, SimNamespace>();
  private readonly services = new Map<string, Map<string, SimService>>();

  constructor(private readonly clock: Clock) {
    this.spaces.set(PUBLIC_NAMESPACE, { id: PUBLIC_NAMESPACE, showName: 'public', desc: 'Public Namespace' });
  }

  /** Current time of the simulated world. */
  now(): number {
    return this.clock.now();
  }

  /** Adds (or renames) a namespace. */
  addNamespace(ns: { id: string; showName?: string; desc?: string }): void {
    const id = normaliseNamespace(ns.id);
    this.spaces.set(id, { id, showName: ns.showName ?? id, desc: ns.desc ?? '' });
  }

  /** Namespaces, public first. */
  namespaces(): SimNamespace[] {
    return [...this.spaces.values()];
  }

  hasNamespace(id: string): boolean {
    return this.spaces.has(normaliseNamespace(id));
  }

  /** Services of a namespace, sorted by group then name. */
  servicesIn(namespaceId: string): SimService[] {
    const map = this.services.get(normaliseNamespace(namespaceId));
    if (!map) return [];
    return [...map.values()].sort((a, b) =>
      a.groupName === b.groupName ? (a.name < b.name ? -1 : 1) : a.groupName < b.groupName ? -1 : 1,
    );
  }

  /** One service, if it exists. `name` may be grouped. */
  service(namespaceId: string | undefined, group: string | undefined, name: string): SimService | undefined {
    const split = splitServiceName(name, group);
    return this.services.get(normaliseNamespace(namespaceId))?.get(`${split.group}@@${split.service}`);
  }

  /** Gets or creates a service (as a registration does). */
  ensureService(namespaceId: string | undefined, group: string | undefined, name: string): SimService {
    const ns = normaliseNamespace(namespaceId);
    const split = splitServiceName(name, group);
    let map = this.services.get(ns);
    if (!map) this.services.set(ns, (map = new Map<string, SimService>()));
    const key = `${split.group}@@${split.service}`;
    let svc = map.get(key);
    if (!svc) {
      svc = {
        namespaceId: ns,
        groupName: split.group,
        name: split.service,
        protectThreshold: 0,
        metadata: {},
        instances: new Map(),
        lastRefTime: this.clock.now(),
      };
      map.set(key, svc);
    }
    return svc;
  }

  /** Registers an instance, replacing one with the same ip, port and cluster. */
  register(input: RegisterInput): SimInstance {
    const r = resolve(input);
    const svc = this.ensureService(r.namespaceId, r.group, r.service);
    const now = this.clock.now();
    const instance: SimInstance = {
      ip: input.ip,
      port: input.port,
      clusterName: r.cluster,
      weight: input.weight ?? 1,
      healthy: input.healthy ?? true,
      enabled: input.enabled ?? true,
      ephemeral: input.ephemeral ?? true,
      metadata: { ...(input.metadata ?? {}) },
      instanceId: input.instanceId ?? defaultInstanceId(input.ip, input.port, r.cluster, r.group, r.service),
      lastBeat: now,
      simBeating: input.simBeating ?? false,
    };
    svc.instances.set(r.key, instance);
    svc.lastRefTime = now;
    return instance;
  }

  /** Removes an instance. Returns whether it existed. */
  deregister(ref: InstanceRef): boolean {
    const r = resolve(ref);
    const svc = this.service(r.namespaceId, r.group, r.service);
    if (!svc?.instances.delete(r.key)) return false;
    svc.lastRefTime = this.clock.now();
    return true;
  }

  /** The instance a ref names, if registered. */
  find(ref: InstanceRef): SimInstance | undefined {
    const r = resolve(ref);
    return this.service(r.namespaceId, r.group, r.service)?.instances.get(r.key);
  }

  /** Changes fields of a registered instance; returns undefined when there is none. */
  update(ref: InstanceRef, patch: InstancePatch): SimInstance | undefined {
    const r = resolve(ref);
    const svc = this.service(r.namespaceId, r.group, r.service);
    const inst = svc?.instances.get(r.key);
    if (!svc || !inst) return undefined;
    if (patch.weight !== undefined) inst.weight = patch.weight;
    if (patch.healthy !== undefined) inst.healthy = patch.healthy;
    if (patch.enabled !== undefined) inst.enabled = patch.enabled;
    if (patch.metadata !== undefined) inst.metadata = { ...patch.metadata };
    svc.lastRefTime = this.clock.now();
    return inst;
  }

  /**
   * A client beat. A known instance gets a fresh beat time and turns healthy again; an unknown
   * one is registered from the beat body when there is one (the server's handleBeat does this,
   * which is how a deleted instance comes back while its client still beats).
   */
  beat(
    namespaceId: string | undefined,
    serviceName: string,
    group: string | undefined,
    body: BeatBody | undefined,
    lightRef?: { ip: string; port: number; cluster?: string | undefined },
  ): { instance: SimInstance | undefined; reRegistered: boolean } {
    const who = body ?? lightRef;
    if (!who) return { instance: undefined, reRegistered: false };
    const ref: InstanceRef = {
      namespaceId,
      group,
      service: body?.serviceName ?? serviceName,
      ip: who.ip,
      port: Number(who.port),
      ...(who.cluster === undefined ? {} : { cluster: who.cluster }),
    };
    const known = this.find(ref);
    if (known) {
      known.lastBeat = this.clock.now();
      if (!known.healthy) this.update(ref, { healthy: true });
      return { instance: known, reRegistered: false };
    }
    if (!body) return { instance: undefined, reRegistered: false };
    const instance = this.register({
      ...ref,
      ...(body.weight === undefined ? {} : { weight: body.weight }),
      ...(body.metadata === undefined ? {} : { metadata: body.metadata }),
    });
    return { instance, reRegistered: true };
  }

  /** Starts or stops the simulator's own beats for an instance. Returns false when missing. */
  setSimBeating(ref: InstanceRef, on: boolean): boolean {
    const inst = this.find(ref);
    if (!inst) return false;
    inst.simBeating = on;
    if (on) inst.lastBeat = this.clock.now();
    return true;
  }

  /** Sets a service's protection threshold (0..1). */
  setProtectThreshold(
    namespaceId: string | undefined,
    group: string | undefined,
    name: string,
    t: number,
  ): void {
    this.ensureService(namespaceId, group, name).protectThreshold = t;
  }

  /**
   * One pass of the health checker: ephemeral instances without a beat for longer than their
   * timeout turn unhealthy, and are removed after their delete timeout. Persistent instances and
   * those the simulator beats for are left alone.
   */
  sweep(): void {
    const now = this.clock.now();
    for (const map of this.services.values()) {
      for (const svc of map.values()) this.sweepService(svc, now);
    }
  }

  private sweepService(svc: SimService, now: number): void {
    for (const [key, inst] of svc.instances) {
      if (!inst.ephemeral) continue;
      if (inst.simBeating) {
        inst.lastBeat = now;
        continue;
      }
      const t = beatTimings(inst.metadata);
      const silent = now - inst.lastBeat;
      if (silent > t.deleteTimeout) {
        svc.instances.delete(key);
        svc.lastRefTime = now;
      } else if (silent > t.timeout && inst.healthy) {
        inst.healthy = false;
        svc.lastRefTime = now;
      }
    }
  }

  /** Every instance of the world (or of one namespace). */
  allInstances(namespaceId?: string): LocatedInstance[] {
    const out: LocatedInstance[] = [];
    const spaces = namespaceId === undefined ? [...this.services.keys()] : [normaliseNamespace(namespaceId)];
    for (const ns of spaces) {
      for (const svc of this.servicesIn(ns)) {
        for (const instance of svc.instances.values()) out.push({ service: svc, instance });
      }
    }
    return out;
  }

  /** Service and instance counts, for operator/metrics. */
  counts(): { services: number; instances: number } {
    let services = 0;
    let instances = 0;
    for (const map of this.services.values()) {
      services += map.size;
      for (const svc of map.values()) instances += svc.instances.size;
    }
    return { services, instances };
  }
}
