import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { isOpsError } from '../../core/errors.js';
import { loadKubeTarget, type KubeTargetEnv, type KubeTargetFlags } from './kubeconfig.js';

interface Ctx {
  name: string;
  server?: string;
  namespace?: string;
  cluster?: string;
}

function kubeconfig(contexts: Ctx[], current?: string, extraClusters: string[] = []): string {
  const clusterNames = [...new Set([...contexts.map((c) => c.cluster ?? c.name), ...extraClusters])];
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: clusterNames.map((name) => ({
      name,
      cluster: {
        server:
          contexts.find((c) => (c.cluster ?? c.name) === name)?.server ?? `https://${name}.example:6443`,
        'certificate-authority': 'ca.pem',
      },
    })),
    users: contexts.map((c) => ({ name: `${c.name}-user`, user: { token: 't' } })),
    contexts: contexts.map((c) => ({
      name: c.name,
      context: {
        cluster: c.cluster ?? c.name,
        user: `${c.name}-user`,
        ...(c.namespace ? { namespace: c.namespace } : {}),
      },
    })),
    ...(current ? { 'current-context': current } : {}),
  });
}

function world(files: Record<string, string>, env: Record<string, string> = {}): KubeTargetEnv {
  return { env, homeDir: '/home/ops', readFile: (p) => files[p], serviceAccountDir: '/sa' };
}

function failure(flags: KubeTargetFlags, env: KubeTargetEnv) {
  try {
    loadKubeTarget(flags, env);
  } catch (e) {
    if (isOpsError(e)) return e;
    throw e;
  }
  throw new Error('expected loadKubeTarget to fail');
}

const HOME = '/home/ops/.kube/config';

describe('loadKubeTarget: where the configuration comes from', () => {
  const files = {
    [HOME]: kubeconfig([{ name: 'home' }], 'home'),
    '/cfg/a': kubeconfig([{ name: 'ack-prod', namespace: 'prod' }], 'ack-prod'),
    '/cfg/b': kubeconfig([{ name: 'tke-uat' }], 'tke-uat'),
    '/cfg/flag': kubeconfig([{ name: 'flagged' }], 'flagged'),
  };

  it('--kubeconfig wins over KUBECONFIG and the home file', () => {
    const t = loadKubeTarget({ kubeconfig: '/cfg/flag' }, world(files, { KUBECONFIG: '/cfg/a' }));
    expect([t.context, t.source, t.files]).toEqual(['flagged', 'flag', ['/cfg/flag']]);
  });

  it('KUBECONFIG merges its files, the first current-context winning, and skips missing ones', () => {
    const t = loadKubeTarget({}, world(files, { KUBECONFIG: '/cfg/missing:/cfg/a::/cfg/b' }));
    expect([t.context, t.source, t.files, t.contexts]).toEqual([
      'ack-prod',
      'env',
      ['/cfg/a', '/cfg/b'],
      ['ack-prod', 'tke-uat'],
    ]);
    expect(loadKubeTarget({ context: 'tke-uat' }, world(files, { KUBECONFIG: '/cfg/a:/cfg/b' })).server).toBe(
      'https://tke-uat.example:6443',
    );
  });

  it('the first file defining a name keeps it', () => {
    const twice = {
      '/x': kubeconfig([{ name: 'c', server: 'https://first:6443' }], 'c'),
      '/y': kubeconfig([{ name: 'c', server: 'https://second:6443' }]),
    };
    expect(loadKubeTarget({}, world(twice, { KUBECONFIG: '/x:/y' })).server).toBe('https://first:6443');
  });

  it('falls back to ~/.kube/config, then to the in-cluster service account', () => {
    expect(loadKubeTarget({}, world(files)).source).toBe('home');
    const pod = world(
      { '/sa/token': 'jwt', '/sa/namespace': 'ops\n' },
      { KUBERNETES_SERVICE_HOST: 'fd00::1', KUBERNETES_SERVICE_PORT: '443' },
    );
    const t = loadKubeTarget({}, pod);
    expect([t.source, t.context, t.server, t.namespace, t.namespaceSource]).toEqual([
      'in-cluster',
      'in-cluster',
      'https://[fd00::1]:443',
      'ops',
      'service-account',
    ]);
  });

  it('makes relative certificate paths absolute to the file folder, as kubectl', () => {
    const t = loadKubeTarget({}, world(files, { KUBECONFIG: '/cfg/a' }));
    expect(t.kubeConfig.getCurrentCluster()?.caFile).toBe('/cfg/ca.pem');
  });
});

describe('loadKubeTarget: namespace', () => {
  const files = { [HOME]: kubeconfig([{ name: 'a', namespace: 'uat' }, { name: 'b' }], 'a') };

  it('-n wins, then the context namespace, then default', () => {
    expect(loadKubeTarget({ namespace: 'test' }, world(files))).toMatchObject({
      namespace: 'test',
      namespaceSource: 'flag',
    });
    expect(loadKubeTarget({}, world(files))).toMatchObject({ namespace: 'uat', namespaceSource: 'context' });
    expect(loadKubeTarget({ context: 'b' }, world(files))).toMatchObject({
      namespace: 'default',
      namespaceSource: 'default',
    });
  });
});

describe('loadKubeTarget: failures', () => {
  it('no configuration anywhere: exit 78 with the KUBECONFIG / --kubeconfig hints', () => {
    const e = failure({}, world({}));
    expect([e.code, e.exitCode]).toEqual(['E_KUBECONFIG_NOT_FOUND', 78]);
    expect(e.hints.join('\n')).toMatch(/KUBECONFIG/);
    expect(e.hints.join('\n')).toMatch(/--kubeconfig/);
  });

  it('a missing --kubeconfig file or KUBECONFIG list', () => {
    expect(failure({ kubeconfig: '/nope' }, world({})).code).toBe('E_KUBECONFIG_NOT_FOUND');
    expect(failure({}, world({}, { KUBECONFIG: '/a:/b' })).message).toContain('/a, /b');
  });

  it('an unknown context lists the available ones', () => {
    const files = { [HOME]: kubeconfig([{ name: 'ack-prod' }, { name: 'tke-uat' }], 'ack-prod') };
    const e = failure({ context: 'prod' }, world(files));
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_CONTEXT_NOT_FOUND', 78]);
    expect(e.message).toContain('available: ack-prod, tke-uat');
  });

  it('no current-context, a context without its cluster, invalid YAML', () => {
    expect(failure({}, world({ [HOME]: kubeconfig([{ name: 'a' }]) })).code).toBe('E_KUBE_CONTEXT_NOT_SET');
    const dangling = kubeconfig([{ name: 'a', cluster: 'gone' }], 'a').replace('name: gone', 'name: other');
    expect(failure({}, world({ [HOME]: dangling })).code).toBe('E_KUBECONFIG_INVALID');
    expect(failure({}, world({ [HOME]: 'clusters: [' })).code).toBe('E_KUBECONFIG_INVALID');
  });
});
