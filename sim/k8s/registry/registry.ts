/**
 * API semantics on top of the object store: create (names, defaults, validation, namespace
 * existence), update (resourceVersion preconditions, per-subresource strategies, no-op writes),
 * the four patch types, and dry runs. HTTP handlers, controllers, the kubelet and the in-process
 * control API all write through here, so every write looks the same to watchers.
 */
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  forbidden,
  internalError,
  invalid,
  notFound,
} from '../api-error.js';
import { kubeTime, type Clock } from '../clock.js';
import type { IdSource } from '../ids.js';
import { applyJsonPatch } from '../patch/json-patch.js';
import { applyMergePatch } from '../patch/merge-patch.js';
import { isPlainObject, PatchError } from '../patch/patch-error.js';
import { applyStrategicMergePatch } from '../patch/strategic.js';
import { apiVersionOf, type ResourceInfo } from '../resources.js';
import type { ObjectStore } from '../store/object-store.js';
import type { KubeObject } from '../types.js';
import { applyDefaults } from './defaults.js';
import { initialGeneration, isNoop, prepareUpdate, type WriteSubresource } from './strategy.js';
import { validateObject } from './validation.js';

/** Options shared by writes. */
export interface WriteOptions {
  /** `dryRun=All`: compute and answer, store nothing. */
  dryRun?: boolean;
  /** In-process writers (scenario, kubelet) may set status and timestamps on create. */
  internal?: boolean;
}

/** The patch content types the server accepts. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** Patch content type header value to PatchType. */
export const PATCH_CONTENT_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

/** Applies a patch document to an object (no storage). Throws ApiError. */
export function applyPatch(kind: string, current: KubeObject, type: PatchType, patch: unknown): KubeObject {
  try {
    switch (type) {
      case 'json':
        return applyJsonPatch(current, patch);
      case 'merge':
        return applyMergePatch(current, patch);
      case 'strategic':
      case 'apply':
        return applyStrategicMergePatch(kind, current, patch);
    }
  } catch (e) {
    if (!(e instanceof PatchError)) throw e;
    if (e.kind === 'malformed') throw badRequest(e.message);
    throw new ApiError({
      message: 'the server rejected our request due to an error in our request',
      reason: 'Invalid',
      details: { causes: [{ reason: 'FieldValueInvalid', message: e.message }] },
      code: 422,
    });
  }
}

/** Registry of every served resource. */
export class Registry {
  constructor(
    readonly store: ObjectStore,
    readonly clock: Clock,
    readonly ids: IdSource,
  ) {}

  /** The stored object or a 404 ApiError. */
  get(info: ResourceInfo, namespace: string | undefined, name: string): KubeObject {
    const obj = this.store.get(info.key, info.namespaced ? namespace : undefined, name);
    if (!obj) throw notFound(info.resource, info.group, name);
    return obj;
  }

  private checkBody(
    info: ResourceInfo,
    body: unknown,
    namespace: string | undefined,
    trusted = false,
  ): KubeObject {
    if (!isPlainObject(body)) throw badRequest('the body of the request must be a JSON object');
    // In-process writers hand over objects they no longer touch; only metadata is rewritten here.
    const obj = (
      trusted
        ? { ...body, metadata: isPlainObject(body.metadata) ? { ...body.metadata } : {} }
        : structuredClone(body)
    ) as KubeObject;
    if (obj.kind !== undefined && obj.kind !== info.kind) {
      throw badRequest(
        `the kind in the data (${String(obj.kind)}) does not match the expected kind (${info.kind})`,
      );
    }
    if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersionOf(info)) {
      throw badRequest(
        `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersionOf(info)})`,
      );
    }
    obj.kind = info.kind;
    obj.apiVersion = apiVersionOf(info);
    obj.metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
    if (info.namespaced) {
      if (obj.metadata.namespace && namespace && obj.metadata.namespace !== namespace) {
        throw badRequest(
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
      if (namespace !== undefined) obj.metadata.namespace = namespace;
    } else delete obj.metadata.namespace;
    return obj;
  }

  private checkNamespace(info: ResourceInfo, namespace: string | undefined, name: string): void {
    if (!info.namespaced) return;
    const ns = this.store.get('namespaces', undefined, namespace ?? '');
    if (!ns) throw notFound('namespaces', '', namespace ?? '');
    if (ns.metadata.deletionTimestamp) {
      throw forbidden(
        info.resource,
        info.group,
        name,
        `unable to create new content in namespace ${namespace ?? ''} because it is being terminated`,
      );
    }
  }

  /** POST: creates an object in `namespace`. */
  create(
    info: ResourceInfo,
    namespace: string | undefined,
    body: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const obj = this.checkBody(info, body, namespace, options.internal === true);
    const meta = obj.metadata;
    if (!meta.name && meta.generateName) meta.name = `${meta.generateName}${this.ids.suffix()}`;
    const causes = validateObject(obj);
    if (causes.length > 0) throw invalid(info.kind, info.group, meta.name ?? '', causes);
    this.checkNamespace(info, meta.namespace, meta.name ?? '');
    if (this.store.get(info.key, meta.namespace, meta.name ?? ''))
      throw alreadyExists(info.resource, info.group, meta.name ?? '');
    const internal = options.internal === true;
    meta.uid = this.ids.uid();
    meta.creationTimestamp =
      internal && meta.creationTimestamp ? meta.creationTimestamp : kubeTime(this.clock.now());
    const generation = initialGeneration(info.kind);
    if (generation !== undefined) meta.generation = generation;
    delete meta.resourceVersion;
    if (!internal) {
      delete meta.deletionTimestamp;
      delete meta.deletionGracePeriodSeconds;
      if (info.subresources.some((s) => s.name === 'status')) delete obj.status;
    }
    const defaulted = applyDefaults(obj);
    if (options.dryRun) return defaulted;
    return this.store.create(info.key, defaulted);
  }

  /** PUT: replaces an object (or its status / ephemeral containers). */
  update(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    body: unknown,
    sub: WriteSubresource,
    options: WriteOptions = {},
  ): KubeObject {
    const old = this.get(info, namespace, name);
    const next = this.checkBody(info, body, old.metadata.namespace);
    if (next.metadata.name && next.metadata.name !== name) {
      throw badRequest(
        `the name of the object (${next.metadata.name}) does not match the name on the URL (${name})`,
      );
    }
    next.metadata.name = name;
    const rv = next.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== old.metadata.resourceVersion)
      throw conflict(info.resource, info.group, name);
    const { obj, causes } = prepareUpdate(sub, next, old);
    causes.push(...validateObject(obj));
    if (causes.length > 0) throw invalid(info.kind, info.group, name, causes);
    if (old.metadata.resourceVersion !== undefined)
      obj.metadata.resourceVersion = old.metadata.resourceVersion;
    if (isNoop(obj, old) || options.dryRun) return isNoop(obj, old) ? old : obj;
    const stored = this.store.update(info.key, obj);
    return this.finishDeletionIfDone(info, stored);
  }

  /** PATCH: applies a patch document and stores the result as an update would. */
  patch(
    info: ResourceInfo,
    namespace: string | undefined,
    name: string,
    sub: WriteSubresource,
    type: PatchType,
    patch: unknown,
    options: WriteOptions = {},
  ): KubeObject {
    const current = this.store.get(info.key, info.namespaced ? namespace : undefined, name);
    if (!current && type === 'apply') {
      const body = isPlainObject(patch)
        ? { ...patch, metadata: { ...(patch.metadata as object), name } }
        : patch;
      return this.create(info, namespace, body, options);
    }
    if (!current) throw notFound(info.resource, info.group, name);
    const patched = applyPatch(info.kind, current, type, patch);
    if (!isPlainObject(patched) || !isPlainObject(patched.metadata))
      throw internalError('patch removed the object metadata');
    if ((patched.metadata.resourceVersion ?? '') === '')
      patched.metadata.resourceVersion = current.metadata.resourceVersion ?? '';
    return this.update(info, namespace, name, patched, sub, options);
  }

  /** After an update: an object marked for deletion whose finalizers are gone is removed. */
  finishDeletionIfDone(info: ResourceInfo, obj: KubeObject): KubeObject {
    const meta = obj.metadata;
    if (!meta.deletionTimestamp || (meta.finalizers?.length ?? 0) > 0) return obj;
    if (info.kind === 'Pod' && (meta.deletionGracePeriodSeconds ?? 0) > 0) return obj;
    if (info.kind === 'Namespace') return obj;
    return this.store.remove(info.key, meta.namespace, meta.name ?? '');
  }
}
