import { describe, expect, it } from 'vitest';
import { Denials } from './denials.js';

describe('denials', () => {
  it("words Forbidden like the apiserver's authorizer, per namespace, cluster scope and subresource", () => {
    const denials = new Denials([
      { verbs: ['create'], resources: ['pods/exec'], namespaces: ['prod'] },
      { verbs: ['list'], resources: ['pods'], namespaces: [''], users: ['bob'] },
    ]);
    const exec = denials.check({
      user: 'alice',
      verb: 'create',
      resource: 'pods',
      subresource: 'exec',
      group: '',
      namespace: 'prod',
      name: 'p1',
    });
    expect(exec?.status).toMatchObject({
      code: 403,
      reason: 'Forbidden',
      message:
        'pods "p1" is forbidden: User "alice" cannot create resource "pods/exec" in API group "" in the namespace "prod"',
      details: { name: 'p1', kind: 'pods' },
    });
    const list = denials.check({ user: 'bob', verb: 'list', resource: 'pods', group: '', namespace: '' });
    expect(list?.message).toBe(
      'pods is forbidden: User "bob" cannot list resource "pods" in API group "" at the cluster scope',
    );
    expect(
      denials.check({ user: 'alice', verb: 'list', resource: 'pods', group: '', namespace: '' }),
    ).toBeUndefined();
    expect(
      denials.check({
        user: 'alice',
        verb: 'create',
        resource: 'pods',
        subresource: 'exec',
        group: '',
        namespace: 'dev',
      }),
    ).toBeUndefined();
  });

  it('qualifies resources of named groups and can be lifted', () => {
    const denials = new Denials();
    const lift = denials.add({ verbs: ['*'], resources: ['deployments'] });
    expect(
      denials.check({
        user: 'u',
        verb: 'patch',
        resource: 'deployments',
        group: 'apps',
        namespace: 'prod',
        name: 'web',
      })?.message,
    ).toBe(
      'deployments.apps "web" is forbidden: User "u" cannot patch resource "deployments" in API group "apps" in the namespace "prod"',
    );
    lift();
    expect(
      denials.check({ user: 'u', verb: 'patch', resource: 'deployments', group: 'apps', namespace: 'prod' }),
    ).toBeUndefined();
  });
});
