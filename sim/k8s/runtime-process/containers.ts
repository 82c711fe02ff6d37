/**
 * Containers of a pod as the API server picks them for exec, attach and logs (the `container`
 * parameter, or the only container; its error sentences), and the environment and command line a
 * container's processes get: the pod-like variables, the spec's `env` (values, `$(VAR)` references
 * and the common downward-API fields) and `command`/`args` with `$(VAR)` expanded.
 */
import { badRequest } from '../api-error.js';
import type { Container, Pod } from '../types.js';

/** A container of any kind. */
export interface ContainerRef {
  container: Container;
  ephemeral: boolean;
}

/** Every container name of a pod (regular, init, ephemeral) in spec order. */
export function containerNames(pod: Pod): string[] {
  return [
    ...pod.spec.containers,
    ...(pod.spec.initContainers ?? []),
    ...(pod.spec.ephemeralContainers ?? []),
  ].map((c) => c.name);
}

/** The container a stream request names, or the pod's only container; 400 like the API server. */
export function pickContainer(pod: Pod, requested: string | null): ContainerRef {
  const name = pod.metadata.name ?? '';
  let wanted = requested ?? '';
  if (wanted === '') {
    const only = pod.spec.containers.length === 1 ? pod.spec.containers[0] : undefined;
    if (!only) {
      const names = pod.spec.containers.map((c) => c.name).join(' ');
      throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${names}]`);
    }
    wanted = only.name;
  }
  const regular = [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c) => c.name === wanted);
  if (regular) return { container: regular, ephemeral: false };
  const ephemeral = pod.spec.ephemeralContainers?.find((c) => c.name === wanted);
  if (ephemeral) return { container: ephemeral, ephemeral: true };
  throw badRequest(`container ${wanted} is not valid for pod ${name}`);
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { fieldRef?: { fieldPath?: string } };
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function fieldValue(pod: Pod, path: string): string {
  switch (path) {
    case 'metadata.name':
      return pod.metadata.name ?? '';
    case 'metadata.namespace':
      return pod.metadata.namespace ?? '';
    case 'metadata.uid':
      return pod.metadata.uid ?? '';
    case 'spec.nodeName':
      return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName':
      return typeof pod.spec.serviceAccountName === 'string' ? pod.spec.serviceAccountName : '';
    case 'status.podIP':
      return pod.status?.podIP ?? '';
    case 'status.hostIP':
      return pod.status?.hostIP ?? '';
    default:
      return '';
  }
}

/** Kubernetes `$(VAR)` expansion: known variables are replaced, `$$` escapes, unknown stay. */
export function expandVars(text: string, env: Record<string, string>): string {
  return text.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && name in env ? (env[name] ?? '') : match;
  });
}

/** The environment of a container's processes (`dataDir` is the container path of DATA_DIR). */
export function containerEnv(pod: Pod, c: Container, dataDir: string): Record<string, string> {
  const env: Record<string, string> = {
    PATH,
    HOSTNAME: pod.metadata.name ?? '',
    HOME: '/root',
    DATA_DIR: dataDir,
  };
  for (const v of (c.env as EnvVar[] | undefined) ?? []) {
    if (v.value !== undefined) env[v.name] = expandVars(v.value, env);
    else if (v.valueFrom?.fieldRef?.fieldPath) env[v.name] = fieldValue(pod, v.valueFrom.fieldRef.fieldPath);
    else env[v.name] = '';
  }
  return env;
}

/** The argv of a container's main process, or undefined when its spec has no command. */
export function containerArgv(
  c: Container,
  env: Record<string, string>,
  fallback?: string[],
): string[] | undefined {
  const command = (c.command as string[] | undefined) ?? fallback;
  if (!command || command.length === 0) return undefined;
  const args = (c.args as string[] | undefined) ?? [];
  return [...command, ...args].map((a) => expandVars(a, env));
}

/** The working directory of a container's processes. */
export function workingDir(c: Container): string {
  const wd = c.workingDir;
  return typeof wd === 'string' && wd.startsWith('/') ? wd : '/';
}
