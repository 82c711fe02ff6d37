import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.js';
import type { Pod } from '../types.js';
import { containerArgv, containerEnv, expandVars, pickContainer, workingDir } from './containers.js';

const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'prod', uid: 'u-1' },
  spec: {
    nodeName: 'node-a',
    containers: [
      {
        name: 'app',
        image: 'app:1',
        env: [
          { name: 'MODE', value: 'prod' },
          { name: 'LOG', value: '$(DATA_DIR)/logs/$(MODE)' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          { name: 'IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
        ],
        command: ['java', '-Dlog=$(LOG)'],
        args: ['-jar', '$(MISSING)', '$$(MODE)'],
      },
      { name: 'side', image: 'envoy', workingDir: '/srv' },
    ],
    ephemeralContainers: [{ name: 'debugger-x', image: 'busybox', targetContainerName: 'app' }],
  },
  status: { podIP: '10.244.1.7' },
};

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(400);
    return (e as ApiError).message;
  }
  throw new Error('expected a 400');
}

describe('picking the container of a stream request', () => {
  it('finds regular and ephemeral containers by name', () => {
    expect(pickContainer(pod, 'side')).toMatchObject({ ephemeral: false, container: { name: 'side' } });
    expect(pickContainer(pod, 'debugger-x')).toMatchObject({ ephemeral: true });
  });

  it('answers the API server sentences for a missing or unknown container', () => {
    expect(badRequestMessage(() => pickContainer(pod, null))).toBe(
      'a container name must be specified for pod web-1, choose one of: [app side]',
    );
    expect(badRequestMessage(() => pickContainer(pod, 'nope'))).toBe(
      'container nope is not valid for pod web-1',
    );
    const single: Pod = { ...pod, spec: { containers: [{ name: 'only' }] } };
    expect(pickContainer(single, '').container.name).toBe('only');
  });
});

describe('container environment and command line', () => {
  it('sets pod-like variables, spec values with references, and downward-API fields', () => {
    const env = containerEnv(pod, pod.spec.containers[0]!, '/data');
    expect(env).toMatchObject({
      HOSTNAME: 'web-1',
      DATA_DIR: '/data',
      HOME: '/root',
      MODE: 'prod',
      LOG: '/data/logs/prod',
      POD: 'web-1',
      IP: '10.244.1.7',
    });
    expect(env.PATH).toContain('/usr/bin');
  });

  it('expands $(VAR) in command and args, keeps unknown references and unescapes $$', () => {
    const env = containerEnv(pod, pod.spec.containers[0]!, '/data');
    expect(containerArgv(pod.spec.containers[0]!, env)).toEqual([
      'java',
      '-Dlog=/data/logs/prod',
      '-jar',
      '$(MISSING)',
      '$(MODE)',
    ]);
    expect(expandVars('echo $$ $(A)', { A: 'x' })).toBe('echo $ x');
  });

  it('has no argv without a command unless a fallback is given, and defaults the working dir to /', () => {
    const side = pod.spec.containers[1]!;
    expect(containerArgv(side, {})).toBeUndefined();
    expect(containerArgv(side, {}, ['sh'])).toEqual(['sh']);
    expect(workingDir(side)).toBe('/srv');
    expect(workingDir(pod.spec.containers[0]!)).toBe('/');
  });
});
