/**
 * Finds the cluster like kubectl does: `--kubeconfig` > `KUBECONFIG` (colon-separated files,
 * merged with the first file that sets a name or the current context winning) > `~/.kube/config`
 * > the in-cluster service account. Then `--context` picks the context, and the namespace comes
 * from `-n`, else the context, else `default` (in a pod: the service account's namespace).
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { isIPv6 } from 'node:net';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { ExitCode, OpsError } from '../../core/errors.js';

/** What the user asked for on the command line. */
export interface KubeTargetFlags {
  /** `--kubeconfig`: this file only. */
  kubeconfig?: string | undefined;
  /** `--context` */
  context?: string | undefined;
  /** `-n/--namespace` */
  namespace?: string | undefined;
}

/** The outside world the resolution reads; tests pass their own. */
export interface KubeTargetEnv {
  /** Environment variables (KUBECONFIG, KUBERNETES_SERVICE_HOST/PORT). */
  env: Readonly<Record<string, string | undefined>>;
  /** @default os.homedir() */
  homeDir?: string | undefined;
  /** File text, or undefined when the file does not exist. @default fs.readFileSync */
  readFile?: ((path: string) => string | undefined) | undefined;
  /** Where the service account files are mounted. @default /var/run/secrets/kubernetes.io/serviceaccount */
  serviceAccountDir?: string | undefined;
}

/** Where the configuration came from. */
export type KubeConfigSource = 'flag' | 'env' | 'home' | 'in-cluster';

/** A resolved cluster target: the client-node config plus names for messages. */
export interface KubeTarget {
  kubeConfig: KubeConfig;
  /** Context name (`in-cluster` for the service account). */
  context: string;
  cluster: string;
  user: string;
  server: string;
  namespace: string;
  namespaceSource: 'flag' | 'context' | 'service-account' | 'default';
  source: KubeConfigSource;
  /** The kubeconfig files read (empty in-cluster). */
  files: string[];
  /** Every context the configuration defines. */
  contexts: string[];
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
const NO_CONFIG_HINTS = [
  'export KUBECONFIG=/path/to/kubeconfig (several files: separate them with ":")',
  'or pass --kubeconfig /path/to/kubeconfig',
  'to try opsctl without a cluster: opsctl sim --kubeconfig-out /tmp/sim.kubeconfig',
];

function configError(message: string, code: string, hints: string[], cause?: unknown): OpsError {
  return new OpsError(message, { code, exitCode: ExitCode.config, hints, cause });
}

function defaultReadFile(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw configError(
      `cannot read kubeconfig ${path}`,
      'E_KUBECONFIG_READ',
      ['check the file permissions'],
      e,
    );
  }
}

/** One file parsed, with relative certificate paths made absolute to its folder (as kubectl). */
function parseFile(path: string, text: string): KubeConfig {
  const kc = new KubeConfig();
  if (text.trim() === '') return kc;
  try {
    kc.loadFromString(text);
  } catch (e) {
    throw configError(
      `kubeconfig ${path} is invalid`,
      'E_KUBECONFIG_INVALID',
      ['kubectl config view --kubeconfig ' + path],
      e,
    );
  }
  kc.makePathsAbsolute(dirname(path));
  return kc;
}

/** kubectl's merge: the first file that defines a name (or the current context) wins. */
function mergeFirstWins(configs: KubeConfig[]): KubeConfig {
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, User>();
  const contexts = new Map<string, Context>();
  let currentContext = '';
  for (const kc of configs) {
    for (const c of kc.clusters ?? []) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of kc.users ?? []) if (!users.has(u.name)) users.set(u.name, u);
    for (const c of kc.contexts ?? []) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!currentContext && kc.currentContext) currentContext = kc.currentContext;
  }
  const merged = new KubeConfig();
  merged.loadFromOptions({
    clusters: [...clusters.values()],
    users: [...users.values()],
    contexts: [...contexts.values()],
    currentContext,
  });
  return merged;
}

interface Loaded {
  kc: KubeConfig;
  source: KubeConfigSource;
  files: string[];
}

function loadFiles(paths: string[], read: (p: string) => string | undefined, source: KubeConfigSource) {
  const found: string[] = [];
  const configs: KubeConfig[] = [];
  for (const path of paths) {
    const text = read(path);
    if (text === undefined) continue;
    found.push(path);
    configs.push(parseFile(path, text));
  }
  return found.length === 0
    ? undefined
    : ({ kc: mergeFirstWins(configs), source, files: found } satisfies Loaded);
}

function inCluster(env: KubeTargetEnv, read: (p: string) => string | undefined): Loaded | undefined {
  const host = env.env['KUBERNETES_SERVICE_HOST'];
  const port = env.env['KUBERNETES_SERVICE_PORT'];
  const dir = env.serviceAccountDir ?? SA_DIR;
  if (!host || !port || read(join(dir, 'token')) === undefined) return undefined;
  const kc = new KubeConfig();
  const namespace = read(join(dir, 'namespace'))?.trim();
  kc.loadFromOptions({
    clusters: [
      {
        name: 'in-cluster',
        server: `https://${isIPv6(host) ? `[${host}]` : host}:${port}`,
        caFile: join(dir, 'ca.crt'),
        skipTLSVerify: false,
      },
    ],
    // client-node's tokenFile provider re-reads the projected token, which the kubelet rotates.
    users: [
      {
        name: 'service-account',
        authProvider: { name: 'tokenFile', config: { tokenFile: join(dir, 'token') } },
      },
    ],
    contexts: [
      {
        name: 'in-cluster',
        cluster: 'in-cluster',
        user: 'service-account',
        ...(namespace ? { namespace } : {}),
      },
    ],
    currentContext: 'in-cluster',
  });
  return { kc, source: 'in-cluster', files: [] };
}

function loadConfig(flags: KubeTargetFlags, env: KubeTargetEnv): Loaded {
  const read = env.readFile ?? defaultReadFile;
  if (flags.kubeconfig) {
    const loaded = loadFiles([flags.kubeconfig], read, 'flag');
    if (!loaded)
      throw configError(
        `kubeconfig ${flags.kubeconfig} (from --kubeconfig) does not exist`,
        'E_KUBECONFIG_NOT_FOUND',
        ['check the path given to --kubeconfig'],
      );
    return loaded;
  }
  const list = env.env['KUBECONFIG'];
  if (list) {
    const paths = list.split(delimiter).filter((p) => p !== '');
    const loaded = loadFiles(paths, read, 'env');
    if (!loaded)
      throw configError(
        `none of the KUBECONFIG files exists (${paths.join(', ')})`,
        'E_KUBECONFIG_NOT_FOUND',
        NO_CONFIG_HINTS,
      );
    return loaded;
  }
  const home = join(env.homeDir ?? homedir(), '.kube', 'config');
  const loaded = loadFiles([home], read, 'home') ?? inCluster(env, read);
  if (!loaded)
    throw configError(
      `no Kubernetes configuration found: no --kubeconfig, KUBECONFIG is not set, ${home} does not exist, and this is not a pod with a service account`,
      'E_KUBECONFIG_NOT_FOUND',
      NO_CONFIG_HINTS,
    );
  return loaded;
}

function pickContext(kc: KubeConfig, flags: KubeTargetFlags, where: string): Context {
  const names = kc.contexts.map((c) => c.name);
  const wanted = flags.context ?? kc.currentContext;
  const available = names.length > 0 ? names.join(', ') : '(none)';
  if (!wanted)
    throw configError(
      `${where} sets no current-context; choose one with --context (available: ${available})`,
      'E_KUBE_CONTEXT_NOT_SET',
      ['kubectl config use-context <name>'],
    );
  const context = kc.getContextObject(wanted);
  if (!context) {
    const origin = flags.context ? '--context' : 'current-context';
    throw configError(
      `context "${wanted}" (${origin}) does not exist in ${where}; available: ${available}`,
      'E_KUBE_CONTEXT_NOT_FOUND',
      ['kubectl config get-contexts'],
    );
  }
  if (!kc.getCluster(context.cluster))
    throw configError(
      `context "${wanted}" refers to cluster "${context.cluster}", which ${where} does not define`,
      'E_KUBECONFIG_INVALID',
      ['kubectl config view'],
    );
  return context;
}

/** Resolves the cluster, context and namespace to talk to. Throws OpsError (exit 78) when it cannot. */
export function loadKubeTarget(flags: KubeTargetFlags, env: KubeTargetEnv): KubeTarget {
  const { kc, source, files } = loadConfig(flags, env);
  const where = files.length > 0 ? `kubeconfig ${files.join(':')}` : 'the in-cluster configuration';
  const context = pickContext(kc, flags, where);
  kc.setCurrentContext(context.name);
  const cluster = kc.getCluster(context.cluster) as Cluster;
  const namespace = flags.namespace || context.namespace || 'default';
  const namespaceSource = flags.namespace
    ? 'flag'
    : context.namespace
      ? source === 'in-cluster'
        ? 'service-account'
        : 'context'
      : 'default';
  return {
    kubeConfig: kc,
    context: context.name,
    cluster: cluster.name,
    user: context.user,
    server: cluster.server,
    namespace,
    namespaceSource,
    source,
    files,
    contexts: kc.contexts.map((c) => c.name),
  };
}
