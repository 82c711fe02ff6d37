/**
 * The two sides of registry drift built from the configuration: the Nacos registry source (with
 * its password from the environment or a mounted file) and the Kubernetes pod source (resolved
 * like kubectl). Shared by the exporter and `opsctl drift`.
 */
import { readFile } from 'node:fs/promises';
import type { OpsConfig } from '../../core/config/schema.js';
import { defaultDriftSettings, type DriftSettings } from '../../core/drift/settings.js';
import { ExitCode, OpsError } from '../../core/errors.js';
import type { PodScope, PodSource } from '../../core/ports/pod-source.js';
import { createKubePodSource, loadKubeTarget, type KubeTarget, type PodWatchTuning } from '../kube/index.js';
import { createNacosRegistrySource, type NacosRegistrySource } from '../nacos/index.js';

/** What building the sources may read of the outside world. */
export interface DriftSourcesEnv {
  /** Environment (KUBECONFIG, KUBERNETES_SERVICE_HOST/PORT for in-cluster). */
  env: Readonly<Record<string, string | undefined>>;
  /** @default fs.readFile */
  readText?: (path: string) => Promise<string>;
}

/** Both sources, ready to read. */
export interface DriftSources {
  registry: NacosRegistrySource;
  pods: PodSource;
  scope: PodScope;
  labelSelector: string | undefined;
  kube: KubeTarget;
  /** Server list as configured (for messages). */
  nacosAddr: string;
}

/** True when registry drift is configured (a Nacos address is set). */
export function driftConfigured(config: Pick<OpsConfig, 'nacos'>): boolean {
  return config.nacos.serverAddr.trim() !== '';
}

/** The engine settings of a resolved configuration. */
export function driftSettingsOf(config: Pick<OpsConfig, 'drift'>): DriftSettings {
  const d = config.drift;
  return {
    graceSeconds: { ...d.graceSeconds },
    expectation: { ...d.expectation, namespaceMap: { ...d.expectation.namespaceMap } },
    clusterCidrs: [...d.clusterCidrs],
    ignoreCidrs: [...d.ignoreCidrs],
    identityKeys: defaultDriftSettings().identityKeys,
  };
}

async function nacosPassword(nacos: OpsConfig['nacos'], read: (p: string) => Promise<string>) {
  if (nacos.password !== '' || nacos.passwordFile === '') return nacos.password || undefined;
  try {
    return (await read(nacos.passwordFile)).replace(/\r?\n$/, '');
  } catch (error) {
    throw new OpsError(`cannot read the Nacos password file ${nacos.passwordFile}`, {
      code: 'E_CONFIG',
      exitCode: ExitCode.config,
      hints: ['check nacos.passwordFile (OPSCTL_NACOS_PASSWORD_FILE) and the file permissions'],
      cause: error,
    });
  }
}

/** Pods of every namespace, or of the configured ones. */
export function podScopeOf(kubernetes: OpsConfig['kubernetes']): PodScope {
  return kubernetes.namespaces.length > 0 ? { namespaces: kubernetes.namespaces } : { allNamespaces: true };
}

/** Builds both sources. Throws OpsError (exit 78) for a bad address, kubeconfig or password file. */
export async function createDriftSources(
  config: Pick<OpsConfig, 'nacos' | 'kubernetes'>,
  env: DriftSourcesEnv,
  tuning: PodWatchTuning = {},
): Promise<DriftSources> {
  const { nacos, kubernetes } = config;
  const password = await nacosPassword(nacos, env.readText ?? ((p) => readFile(p, 'utf8')));
  const kube = loadKubeTarget(
    {
      ...(kubernetes.kubeconfig ? { kubeconfig: kubernetes.kubeconfig } : {}),
      ...(kubernetes.context ? { context: kubernetes.context } : {}),
    },
    { env: env.env },
  );
  const registry = createNacosRegistrySource({
    serverAddr: nacos.serverAddr,
    username: nacos.username || undefined,
    password,
    concurrency: nacos.concurrency,
    timeoutMs: nacos.timeoutSeconds * 1000,
    ...(nacos.namespaces.length > 0 ? { namespaces: nacos.namespaces } : {}),
  });
  return {
    registry,
    pods: createKubePodSource(kube, tuning),
    scope: podScopeOf(kubernetes),
    labelSelector: kubernetes.labelSelector || undefined,
    kube,
    nacosAddr: nacos.serverAddr,
  };
}
