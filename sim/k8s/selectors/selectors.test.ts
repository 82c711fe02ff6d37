import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../resources.js';
import type { KubeObject } from '../types.js';
import { fieldValue, matchesFields, parseFieldSelector, unsupportedFieldLabel } from './fields.js';
import {
  formatLabelSelector,
  matchesLabels,
  parseLabelSelector,
  SelectorParseError,
  selectorFromObject,
} from './labels.js';

const labels = { app: 'gateway', tier: 'web', version: '3' };
const match = (s: string, l: Record<string, string> = labels): boolean =>
  matchesLabels(parseLabelSelector(s), l);

describe('label selectors', () => {
  it('supports =, ==, != and comma as AND', () => {
    expect(match('app=gateway')).toBe(true);
    expect(match('app==gateway,tier=web')).toBe(true);
    expect(match('app=gateway,tier=db')).toBe(false);
    expect(match('app!=gateway')).toBe(false);
    expect(match('missing!=x')).toBe(true);
  });

  it('supports in, notin, exists, !key and numeric comparisons', () => {
    expect(match('tier in (web, db)')).toBe(true);
    expect(match('tier notin (web,db)')).toBe(false);
    expect(match('missing notin (a)')).toBe(true);
    expect(match('app')).toBe(true);
    expect(match('!app')).toBe(false);
    expect(match('!missing,app')).toBe(true);
    expect(match('version>2')).toBe(true);
    expect(match('version<2')).toBe(false);
    expect(match('')).toBe(true);
  });

  it('rejects malformed selectors with the server wording', () => {
    expect(() => parseLabelSelector('app in web')).toThrow(SelectorParseError);
    expect(() => parseLabelSelector('a b')).toThrow(/unable to parse requirement/);
    expect(() => parseLabelSelector('app=a b')).toThrow(/found 'b'/);
    expect(() => parseLabelSelector('=x')).toThrow(/unable to parse requirement/);
  });

  it('converts spec.selector objects and formats them like the server', () => {
    const sel = selectorFromObject({
      matchLabels: { app: 'gateway' },
      matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'dev'] }],
    });
    expect(matchesLabels(sel, { app: 'gateway', env: 'dev' })).toBe(true);
    expect(matchesLabels(sel, { app: 'gateway' })).toBe(false);
    expect(formatLabelSelector(sel)).toBe('app=gateway,env in (dev,prod)');
  });
});

const pods = RESOURCES.find((r) => r.resource === 'pods')!;
const deployments = RESOURCES.find((r) => r.resource === 'deployments')!;
const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p1', namespace: 'prod' },
  spec: { nodeName: 'node-a', hostNetwork: true },
  status: { phase: 'Running', podIPs: [{ ip: '10.0.0.5' }] },
};

describe('field selectors', () => {
  it('parses =, == and != terms with escapes', () => {
    expect(parseFieldSelector('a=b,c!=d,e==f\\,g').requirements).toEqual([
      { field: 'a', op: '=', value: 'b' },
      { field: 'c', op: '!=', value: 'd' },
      { field: 'e', op: '=', value: 'f,g' },
    ]);
    expect(() => parseFieldSelector('nonsense')).toThrow(/can't understand/);
  });

  it('matches pod fields the way the pod registry exposes them', () => {
    expect(fieldValue(pod, 'spec.hostNetwork')).toBe('true');
    expect(fieldValue(pod, 'status.podIP')).toBe('10.0.0.5');
    const sel = parseFieldSelector('spec.nodeName=node-a,status.phase!=Succeeded,status.phase!=Failed');
    expect(matchesFields(sel, pod)).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.name=p2'), pod)).toBe(false);
  });

  it('names the first label a resource does not support', () => {
    expect(unsupportedFieldLabel(pods, parseFieldSelector('status.phase=Running'))).toBeUndefined();
    expect(unsupportedFieldLabel(deployments, parseFieldSelector('metadata.name=a,spec.replicas=2'))).toBe(
      'spec.replicas',
    );
  });
});
