/**
 * Kubeconfig text for a simulator: one cluster (https with the simulator CA, or plain http), one
 * token user, one context, so kubectl and @kubernetes/client-node connect with `--kubeconfig` /
 * `loadFromString`. Over plain http kubectl drops the token (clientcmd only sends credentials
 * over TLS), so requests are anonymous.
 */
import { stringify } from 'yaml';
import { tokenFor } from './auth.js';

/** What a generated kubeconfig points at. */
export interface KubeconfigOptions {
  /** Default namespace of the context. @default 'default' */
  namespace?: string;
  /** Identity (appears in Forbidden messages). @default the scenario user */
  user?: string;
  /** Cluster and context name. @default 'kube-sim' */
  name?: string;
  /** Skip server certificate checks instead of trusting the simulator CA (hosts other than 127.0.0.1). */
  insecureSkipTlsVerify?: boolean;
}

/** Renders the kubeconfig YAML for a simulator at `url` (https: trusting `caPem`). */
export function renderKubeconfig(
  url: string,
  defaultUser: string,
  caPem: string,
  options: KubeconfigOptions = {},
): string {
  const name = options.name ?? 'kube-sim';
  const user = options.user ?? defaultUser;
  const cluster: Record<string, unknown> = { server: url };
  if (url.startsWith('https:')) {
    if (options.insecureSkipTlsVerify) cluster['insecure-skip-tls-verify'] = true;
    else cluster['certificate-authority-data'] = Buffer.from(caPem).toString('base64');
  }
  return stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster }],
    users: [{ name: user, user: { token: tokenFor(user) } }],
    contexts: [{ name, context: { cluster: name, user, namespace: options.namespace ?? 'default' } }],
    'current-context': name,
    preferences: {},
  });
}
