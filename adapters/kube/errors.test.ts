import { ApiException } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { OpsError } from '../../core/errors.js';
import { describeTarget, toKubeError, type KubeCallSite } from './errors.js';

const site: KubeCallSite = {
  action: 'list',
  rbacVerb: 'list',
  resource: 'pods',
  namespace: 'prod',
  context: 'ack-prod',
  server: 'https://10.0.0.1:6443',
};

const status = (code: number, reason: string, message: string) =>
  new ApiException(
    code,
    'Unknown API Status Code!',
    JSON.stringify({ kind: 'Status', code, reason, message }),
    {},
  );

function systemError(code: string): Error {
  return Object.assign(new Error(`connect ${code} 10.0.0.1:6443`), { code });
}

describe('toKubeError', () => {
  it('403: names resource, namespace and context, and hints at kubectl auth can-i', () => {
    const e = toKubeError(
      status(403, 'Forbidden', 'pods is forbidden: User "bob" cannot list resource "pods"'),
      site,
    );
    expect([e.code, e.exitCode]).toEqual(['E_KUBE_FORBIDDEN', 1]);
    expect(e.message).toBe(
      'cannot list pods in namespace "prod" (context "ack-prod"): forbidden: pods is forbidden: User "bob" cannot list resource "pods"',
    );
    expect(e.hints[0]).toBe('kubectl --context ack-prod auth can-i list pods -n prod');
  });

  it('401, 404, 410, 429, 501 and 5xx by code and exit code', () => {
    const by = (code: number) => {
      const e = toKubeError(status(code, 'X', 'm'), site);
      return [e.code, e.exitCode];
    };
    expect(by(401)).toEqual(['E_KUBE_UNAUTHORIZED', 1]);
    expect(by(404)).toEqual(['E_KUBE_NOT_FOUND', 1]);
    expect(by(410)).toEqual(['E_KUBE_EXPIRED', 75]);
    expect(by(429)).toEqual(['E_KUBE_THROTTLED', 75]);
    expect(by(501)).toEqual(['E_KUBE_NOT_IMPLEMENTED', 69]);
    expect(by(503)).toEqual(['E_KUBE_SERVER_ERROR', 69]);
    expect(by(422)).toEqual(['E_KUBE_REQUEST_FAILED', 1]);
  });

  it('a watch failure carries statusCode instead of code', () => {
    const err = Object.assign(new Error('Forbidden'), { statusCode: 403 });
    expect(toKubeError(err, { ...site, action: 'watch' }).code).toBe('E_KUBE_FORBIDDEN');
  });

  it('connection, DNS and TLS failures are unreachable (69), also behind a cause', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET']) {
      const e = toKubeError(systemError(code), site);
      expect([e.code, e.exitCode]).toEqual(['E_KUBE_UNREACHABLE', 69]);
      expect(e.message).toContain('https://10.0.0.1:6443');
    }
    const wrapped = new Error('request failed', { cause: systemError('ECONNREFUSED') });
    expect(toKubeError(wrapped, site).code).toBe('E_KUBE_UNREACHABLE');
    const tls = toKubeError(systemError('SELF_SIGNED_CERT_IN_CHAIN'), site);
    expect([tls.code, tls.exitCode]).toEqual(['E_KUBE_TLS', 69]);
  });

  it('passes OpsErrors through unchanged', () => {
    const own = new OpsError('x', { code: 'E_OWN' });
    expect(toKubeError(own, site)).toBe(own);
  });
});

describe('describeTarget', () => {
  it('reads as a phrase for lists, single objects and all namespaces', () => {
    expect(describeTarget(site)).toBe('pods in namespace "prod"');
    expect(describeTarget({ ...site, name: 'gw-1', resource: 'pods/exec' })).toBe(
      'pod "gw-1" in namespace "prod"',
    );
    expect(describeTarget({ ...site, namespace: undefined })).toBe('pods in all namespaces');
  });
});
