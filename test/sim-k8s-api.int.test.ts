/**
 * API semantics of the Kubernetes simulator over raw HTTPS: discovery and negotiation, Status
 * errors with real reasons and codes, subresources, watch options and selector transitions,
 * garbage collection, namespaces, dry runs.
 */
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIM_CA_PEM, startKubeSim, type KubeSim, type KubeObject } from '../sim/k8s/index.js';

let sim: KubeSim;
let token: string;

interface Reply {
  status: number;
  type: string;
  text: string;
  json: Record<string, unknown>;
}

function call(
  method: string,
  path: string,
  options: { body?: unknown; type?: string; accept?: string; auth?: string } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const body =
      options.body === undefined
        ? undefined
        : typeof options.body === 'string'
          ? options.body
          : JSON.stringify(options.body);
    const headers: Record<string, string> = { authorization: options.auth ?? `Bearer ${token}` };
    if (options.accept) headers.accept = options.accept;
    if (body !== undefined) {
      headers['content-type'] = options.type ?? 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const req = request(`${sim.url}${path}`, { method, ca: SIM_CA_PEM, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => {
        let json: Record<string, unknown> = {};
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          // watch streams and plain text are checked through `text`
        }
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

const pod = (name: string, labels: Record<string, string> = { app: 'api' }): KubeObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'prod', labels },
  spec: { containers: [{ name: 'app', image: 'api:1' }] },
});

beforeAll(async () => {
  sim = await startKubeSim({
    bookmarkIntervalMs: 200,
    scenario: { workloads: [{ name: 'api', namespace: 'prod', replicas: 2, image: 'api:1' }] },
  });
  token = /token: (\S+)/.exec(sim.kubeconfig())![1]!;
});

afterAll(async () => {
  await sim.close();
});

describe('discovery and negotiation', () => {
  it('serves legacy discovery as plain JSON even when aggregated discovery is asked for', async () => {
    const aggregated =
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';
    const apis = await call('GET', '/apis', { accept: aggregated });
    expect(apis.type).toBe('application/json');
    expect(apis.json).toMatchObject({
      kind: 'APIGroupList',
      groups: [{ name: 'apps', preferredVersion: { groupVersion: 'apps/v1' } }],
    });
    const core = await call('GET', '/api/v1');
    const names = (core.json.resources as { name: string }[]).map((r) => r.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'pods',
        'pods/exec',
        'pods/log',
        'pods/ephemeralcontainers',
        'pods/status',
        'namespaces',
        'nodes',
        'events',
      ]),
    );
    expect((await call('GET', '/version')).json).toMatchObject({
      major: '1',
      minor: '31',
      gitVersion: 'v1.31.4',
    });
    expect((await call('GET', '/openapi/v3')).status).toBe(404);
  });

  it('answers JSON to protobuf-preferring clients and 406 to protobuf-only ones', async () => {
    const both = await call('GET', '/api/v1/namespaces/prod/pods', {
      accept: 'application/vnd.kubernetes.protobuf,application/json',
    });
    expect(both.json.kind).toBe('PodList');
    const only = await call('GET', '/api/v1/namespaces/prod/pods', {
      accept: 'application/vnd.kubernetes.protobuf',
    });
    expect(only.status).toBe(406);
    expect(only.json).toMatchObject({ kind: 'Status', reason: 'NotAcceptable', code: 406 });
  });

  it('includes the full object, metadata or nothing in Table rows', async () => {
    const table = 'application/json;as=Table;v=v1;g=meta.k8s.io';
    const full = await call('GET', '/api/v1/namespaces/prod/pods?includeObject=Object', { accept: table });
    expect((full.json.rows as { object: KubeObject }[])[0]!.object.kind).toBe('Pod');
    const none = await call('GET', '/api/v1/namespaces/prod/pods?includeObject=None', { accept: table });
    expect((none.json.rows as object[])[0]).not.toHaveProperty('object');
    expect(
      (await call('GET', '/api/v1/namespaces/prod/pods?includeObject=Bogus', { accept: table })).status,
    ).toBe(400);
  });
});

describe('Status errors', () => {
  it('uses the real reasons, codes and messages', async () => {
    const missing = await call('GET', '/api/v1/namespaces/prod/pods/nope');
    expect(missing.json).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      reason: 'NotFound',
      code: 404,
      message: 'pods "nope" not found',
      details: { name: 'nope', kind: 'pods' },
    });
    expect((await call('POST', '/api/v1/namespaces/prod/pods', { body: pod('dup') })).status).toBe(201);
    const dup = await call('POST', '/api/v1/namespaces/prod/pods', { body: pod('dup') });
    expect(dup.json).toMatchObject({
      reason: 'AlreadyExists',
      code: 409,
      message: 'pods "dup" already exists',
    });
    const stale = await call('PUT', '/api/v1/namespaces/prod/pods/dup', {
      body: { ...pod('dup'), metadata: { ...pod('dup').metadata, resourceVersion: '1' } },
    });
    expect(stale.json).toMatchObject({
      reason: 'Conflict',
      code: 409,
      message:
        'Operation cannot be fulfilled on pods "dup": the object has been modified; please apply your changes to the latest version and try again',
    });
    const invalid = await call('POST', '/api/v1/namespaces/prod/pods', {
      body: { metadata: { name: 'Bad_Name' }, spec: { containers: [] } },
    });
    expect(invalid.json).toMatchObject({
      reason: 'Invalid',
      code: 422,
      details: {
        causes: [{ field: 'metadata.name' }, { field: 'spec.containers', reason: 'FieldValueRequired' }],
      },
    });
    expect(String(invalid.json.message)).toMatch(
      /^Pod "Bad_Name" is invalid: \[metadata\.name: Invalid value/,
    );
    expect((await call('POST', '/api/v1/namespaces/prod/pods/dup', { body: pod('dup') })).json).toMatchObject(
      { reason: 'MethodNotAllowed', code: 405 },
    );
    expect((await call('POST', '/api/v1/namespaces/prod/pods', { body: '{"kind":' })).json).toMatchObject({
      reason: 'BadRequest',
      code: 400,
    });
    expect(
      (await call('PATCH', '/api/v1/namespaces/prod/pods/dup', { body: '{}', type: 'text/plain' })).json,
    ).toMatchObject({ reason: 'UnsupportedMediaType', code: 415 });
    expect((await call('GET', '/api/v1/namespaces/prod/widgets')).status).toBe(404);
    expect((await call('GET', '/api/v1/pods', { auth: 'Bearer nonsense' })).json).toMatchObject({
      reason: 'Unauthorized',
      code: 401,
    });
    const ghost = { ...pod('x'), metadata: { name: 'x' } };
    expect((await call('POST', '/api/v1/namespaces/ghost/pods', { body: ghost })).json).toMatchObject({
      reason: 'NotFound',
      message: 'namespaces "ghost" not found',
    });
  });

  it('answers 501 NotImplemented for streaming subresources without a pod runtime', async () => {
    const name = sim.store.podsOf('prod', 'api')[0]!.metadata.name!;
    const logs = await call('GET', `/api/v1/namespaces/prod/pods/${name}/log`);
    expect(logs.json).toMatchObject({ kind: 'Status', reason: 'NotImplemented', code: 501 });
  });
});

describe('subresources and writes', () => {
  it('changes only status through /status and ignores status on the main resource', async () => {
    const current = sim.store.get('pods', 'prod', 'dup')!;
    const viaMain = await call('PUT', '/api/v1/namespaces/prod/pods/dup', {
      body: { ...current, status: { phase: 'Failed' } },
    });
    expect((viaMain.json.status as { phase: string }).phase).not.toBe('Failed');
    const viaStatus = await call('PATCH', '/api/v1/namespaces/prod/pods/dup/status', {
      body: { status: { phase: 'Failed' }, metadata: { labels: { ignored: 'yes' } } },
      type: 'application/merge-patch+json',
    });
    expect(viaStatus.json).toMatchObject({
      status: { phase: 'Failed' },
      metadata: { labels: { app: 'api' } },
    });
  });

  it('scales through /scale and dry-runs without storing', async () => {
    const scale = await call('PATCH', '/apis/apps/v1/namespaces/prod/deployments/api/scale', {
      body: { spec: { replicas: 3 } },
      type: 'application/merge-patch+json',
    });
    expect(scale.json).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 3 } });
    await sim.store.settle();
    expect(sim.store.podsOf('prod', 'api')).toHaveLength(3);
    const dry = await call('POST', '/api/v1/namespaces/prod/pods?dryRun=All', { body: pod('dry') });
    expect(dry.status).toBe(201);
    expect(sim.store.get('pods', 'prod', 'dry')).toBeUndefined();
  });

  it('garbage-collects dependents, or orphans them on request', async () => {
    sim.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'gc' } });
    const d = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'w', namespace: 'gc' },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'w' } },
        template: { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'w', image: 'w:1' }] } },
      },
    };
    sim.store.create(d);
    await sim.store.settle();
    expect(sim.store.list('pods', 'gc')).toHaveLength(2);
    const orphan = await call('DELETE', '/apis/apps/v1/namespaces/gc/deployments/w', {
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Orphan' },
    });
    expect(orphan.json).toMatchObject({
      kind: 'Status',
      status: 'Success',
      details: { name: 'w', group: 'apps', kind: 'deployments' },
    });
    await sim.store.settle();
    expect(sim.store.list('replicasets', 'gc')[0]!.metadata.ownerReferences).toBeUndefined();
    await call(
      'DELETE',
      `/apis/apps/v1/namespaces/gc/replicasets/${sim.store.list('replicasets', 'gc')[0]!.metadata.name!}`,
    );
    await sim.store.settle();
    expect(sim.store.list('pods', 'gc').every((p) => p.metadata.deletionTimestamp !== undefined)).toBe(true);
    const ns = await call('DELETE', '/api/v1/namespaces/gc');
    expect(ns.json).toMatchObject({ kind: 'Namespace', status: { phase: 'Terminating' } });
    await new Promise((r) => setTimeout(r, 50));
    for (const p of sim.store.list('pods', 'gc'))
      sim.store.delete('pods', 'gc', p.metadata.name!, { gracePeriodSeconds: 0 });
    await sim.store.settle();
    expect(sim.store.get('namespaces', undefined, 'gc')).toBeUndefined();
  });
});

describe('watch options', () => {
  it('sends bookmarks when allowed and ends at timeoutSeconds', async () => {
    const rv = sim.store.resourceVersion;
    const res = await call(
      'GET',
      `/api/v1/namespaces/prod/pods?watch=1&resourceVersion=${rv}&allowWatchBookmarks=true&timeoutSeconds=1`,
    );
    const events = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: KubeObject });
    expect(res.status).toBe(200);
    expect(events.length).toBeGreaterThanOrEqual(3);
    expect(
      events.every(
        (e) =>
          e.type === 'BOOKMARK' && e.object.kind === 'Pod' && Number(e.object.metadata.resourceVersion) >= rv,
      ),
    ).toBe(true);
  });

  it('turns objects leaving a label selector into DELETED and entering into ADDED', async () => {
    sim.store.create(pod('mover', { app: 'api', lane: 'blue' }));
    while ((sim.store.get('pods', 'prod', 'mover')?.status as { phase?: string }).phase !== 'Running') {
      await new Promise((r) => setTimeout(r, 10));
    }
    const rv = sim.store.resourceVersion;
    const watching = call(
      'GET',
      `/api/v1/namespaces/prod/pods?watch=true&resourceVersion=${rv}&labelSelector=lane%3Dblue&timeoutSeconds=1`,
    );
    await new Promise((r) => setTimeout(r, 100));
    sim.store.patch('pods', 'prod', 'mover', { metadata: { labels: { lane: 'green' } } });
    sim.store.patch('pods', 'prod', 'mover', { metadata: { labels: { lane: 'blue' } } });
    const events = (await watching).text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(events).toEqual(['DELETED', 'ADDED']);
  });

  it('starts with synthetic ADDED events for resourceVersion 0 and rejects a malformed one', async () => {
    const res = await call(
      'GET',
      '/api/v1/namespaces/prod/pods?watch=true&resourceVersion=0&labelSelector=app%3Dapi&timeoutSeconds=1',
    );
    const types = res.text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types.length).toBe(
      sim.store.list('pods', 'prod').filter((p) => p.metadata.labels?.app === 'api').length,
    );
    expect(new Set(types)).toEqual(new Set(['ADDED']));
    expect((await call('GET', '/api/v1/pods?watch=true&resourceVersion=abc')).status).toBe(400);
  });
});
