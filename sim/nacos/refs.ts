/** How callers name instances and what they may change: the vocabulary of the store's API. */
import {
  DEFAULT_CLUSTER,
  instanceKey,
  normaliseNamespace,
  splitServiceName,
  type SimInstance,
  type SimService,
} from './model.js';

/** Names one instance. `service` may be grouped (`G@@S`); namespace and group have defaults. */
export interface InstanceRef {
  /** @default "public" */
  namespaceId?: string | undefined;
  /** @default DEFAULT_GROUP (unless `service` carries `G@@`) */
  group?: string | undefined;
  service: string;
  ip: string;
  port: number;
  /** @default "DEFAULT" */
  cluster?: string | undefined;
}

/** A registration. */
export interface RegisterInput extends InstanceRef {
  /** @default 1 */
  weight?: number;
  /** @default true */
  healthy?: boolean;
  /** @default true */
  enabled?: boolean;
  /** @default true */
  ephemeral?: boolean;
  metadata?: Record<string, string>;
  /** @default `ip#port#cluster#group@@service` */
  instanceId?: string;
  /** The simulator keeps beating for this (ephemeral) instance itself. @default false */
  simBeating?: boolean;
}

/** Fields an operator or timeline can change on an instance. */
export interface InstancePatch {
  weight?: number;
  healthy?: boolean;
  enabled?: boolean;
  metadata?: Record<string, string>;
}

/** The body of a v1 beat (`beat=` JSON). */
export interface BeatBody {
  serviceName?: string;
  ip: string;
  port: number;
  cluster?: string;
  weight?: number;
  metadata?: Record<string, string>;
}

/** A located instance, as listed by `NacosStore.allInstances`. */
export interface LocatedInstance {
  service: SimService;
  instance: SimInstance;
}

/** A ref with every default applied. */
export interface Resolved {
  namespaceId: string;
  group: string;
  service: string;
  cluster: string;
  key: string;
}

/** Applies the defaults of a ref (namespace, group, cluster). */
export function resolve(ref: InstanceRef): Resolved {
  const { group, service } = splitServiceName(ref.service, ref.group);
  const cluster = ref.cluster && ref.cluster !== '' ? ref.cluster : DEFAULT_CLUSTER;
  return {
    namespaceId: normaliseNamespace(ref.namespaceId),
    group,
    service,
    cluster,
    key: instanceKey(ref.ip, ref.port, cluster),
  };
}
