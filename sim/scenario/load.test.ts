import { describe, expect, it } from 'vitest';
import { isOpsError } from '../../core/errors.js';
import { parseScenarioDuration } from './duration.js';
import { parseScenario, validateScenario } from './load.js';

function problems(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (isOpsError(e)) {
      expect(e.code).toBe('E_SCENARIO_INVALID');
      return e.message;
    }
    throw e;
  }
  throw new Error('expected the scenario to be rejected');
}

describe('scenario durations', () => {
  it('reads unit suffixes, compound values and seconds', () => {
    expect(['30s', '5m', '1h30m', '3d', '250ms'].map(parseScenarioDuration)).toEqual([
      30_000, 300_000, 5_400_000, 259_200_000, 250,
    ]);
    expect(parseScenarioDuration(2)).toBe(2000);
    expect(parseScenarioDuration('soon')).toBeNaN();
  });
});

describe('scenario validation', () => {
  it('applies defaults to a small scenario', () => {
    const s = parseScenario(`
kubernetes:
  workloads:
    - name: gateway
      namespace: prod
      replicas: 3
      image: registry.local/gateway:1.4.2
      ports: [8080]
`);
    expect(s.kubernetes?.workloads[0]).toMatchObject({
      replicas: 3,
      restarts: 0,
      hostNetwork: false,
      age: '1d',
    });
    expect(s.kubernetes?.serverVersion).toBe('v1.31.4');
  });

  it('lists every schema problem with its path at once', () => {
    const message = problems(() =>
      validateScenario({
        kubernetes: {
          workloads: [{ name: 'Bad_Name', replicas: -1, image: 'x' }],
          nodes: [{ name: 'n1', podCIDR: 'nope' }],
          timeline: [{ at: 'later', action: 'setReady', ready: true, pod: 'prod/x' }],
          bogus: 1,
        },
      }),
    );
    expect(message).toContain('kubernetes.workloads[0].name');
    expect(message).toContain('kubernetes.workloads[0].replicas');
    expect(message).toContain('kubernetes.nodes[0].podCIDR');
    expect(message).toContain('kubernetes.timeline[0].at');
    expect(message).toMatch(/bogus/);
  });

  it('reports cross-reference problems by path', () => {
    const message = problems(() =>
      validateScenario({
        kubernetes: {
          nodes: [{ name: 'node-a' }],
          workloads: [
            { name: 'api', image: 'api:1', replicas: 2, ready: 3, node: 'node-b' },
            { name: 'api', image: 'api:1' },
          ],
          timeline: [{ at: '10s', action: 'restart', workload: 'default/missing' }],
        },
      }),
    );
    expect(message).toContain('kubernetes.workloads[0].ready: ready (3) exceeds replicas (2)');
    expect(message).toContain('kubernetes.workloads[0].node: unknown node "node-b"');
    expect(message).toContain('kubernetes.workloads[1].name: duplicate workload "default/api"');
    expect(message).toContain('kubernetes.timeline[0].workload: unknown workload "default/missing"');
  });

  it('rejects malformed YAML with the line', () => {
    expect(problems(() => parseScenario('kubernetes:\n  nodes: [\n'))).toMatch(/line \d+/);
  });

  it('validates the nacos part with its own schema and leaves room for a nas part', () => {
    const nacos = validateScenario({ nacos: { services: [] }, nas: {} }).nacos;
    expect(nacos).toMatchObject({ version: '2.2', services: [], namespaces: [], timeline: [] });
    expect(() => validateScenario({ nacos: { version: '9.9', services: [{ name: 5 }] } })).toThrow(
      expect.objectContaining({ code: 'E_SCENARIO_INVALID' }),
    );
  });
});
