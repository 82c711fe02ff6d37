import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.js';
import { negotiate } from './negotiate.js';
import { parseRequestInfo } from './request-info.js';

describe('content negotiation', () => {
  it('picks a Table for kubectl get and JSON for plain clients', () => {
    const kubectl =
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    expect(negotiate(kubectl, true)).toEqual({ format: 'table', tableApiVersion: 'meta.k8s.io/v1' });
    expect(negotiate(kubectl, false)).toEqual({ format: 'json' });
    expect(negotiate(undefined, true)).toEqual({ format: 'json' });
    expect(negotiate('application/yaml', true)).toEqual({ format: 'yaml' });
  });

  it('skips protobuf and aggregated discovery, and refuses when nothing is left', () => {
    expect(negotiate('application/vnd.kubernetes.protobuf,application/json', true)).toEqual({
      format: 'json',
    });
    expect(
      negotiate(
        'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json',
        true,
      ),
    ).toEqual({ format: 'json' });
    expect(() => negotiate('application/vnd.kubernetes.protobuf', true)).toThrow(ApiError);
  });
});

describe('request info', () => {
  const parse = (method: string, path: string) => parseRequestInfo(method, new URL(path, 'https://x'));

  it('reads namespace, resource, name, subresource and verb', () => {
    expect(parse('GET', '/api/v1/namespaces/prod/pods/p1/exec')).toMatchObject({
      verb: 'get',
      namespace: 'prod',
      name: 'p1',
      subresource: 'exec',
      info: { resource: 'pods' },
    });
    expect(parse('GET', '/api/v1/pods?watch=1')).toMatchObject({ verb: 'watch', info: { resource: 'pods' } });
    expect(parse('GET', '/api/v1/watch/namespaces/prod/pods')).toMatchObject({
      verb: 'watch',
      namespace: 'prod',
    });
    expect(parse('DELETE', '/apis/apps/v1/namespaces/prod/deployments')).toMatchObject({
      verb: 'deletecollection',
      info: { kind: 'Deployment' },
    });
    expect(parse('PUT', '/api/v1/namespaces/prod/status')).toMatchObject({
      verb: 'update',
      name: 'prod',
      subresource: 'status',
      info: { resource: 'namespaces' },
    });
    expect(parse('GET', '/api/v1/namespaces/prod/widgets')).toBeUndefined();
  });
});
