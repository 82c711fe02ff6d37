import { describe, expect, it } from 'vitest';
import type { ContainerStatus, Pod } from '../types.js';
import { restartedStatus, restarts, terminatedStatus } from './status-writer.js';

const T0 = Date.parse('2025-03-01T10:00:00Z');

function running(name: string, id: string): ContainerStatus {
  return {
    name,
    ready: true,
    started: true,
    restartCount: 0,
    image: 'docker.io/library/busybox:latest',
    imageID: 'x',
    containerID: id,
    state: { running: { startedAt: '2025-03-01T10:00:00Z' } },
    lastState: {},
  };
}

function pod(restartPolicy: string): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'prod', uid: 'u' },
    spec: { restartPolicy, containers: [{ name: 'a' }, { name: 'b' }] },
    status: {
      phase: 'Running',
      conditions: [{ type: 'PodScheduled', status: 'True', lastTransitionTime: '2025-03-01T09:59:00Z' }],
      containerStatuses: [running('a', 'containerd://a1'), running('b', 'containerd://b1')],
      ephemeralContainerStatuses: [running('dbg', 'containerd://d1')],
    },
  };
}

const end = (exitCode: number) => ({ exitCode, startedAt: T0, finishedAt: T0 + 5000 });

/** The pod after container `name` ended with `code` (the change must apply). */
function ended(p: Pod, name: string, code: number, id: string): Pod {
  const status = terminatedStatus(p, name, false, end(code), id);
  if (!status) throw new Error(`no status change for ${name}`);
  return { ...p, status };
}

describe('container status changes', () => {
  it('writes the terminated state with Completed/Error and keeps the pod Running under Always', () => {
    const s = terminatedStatus(pod('Always'), 'a', false, end(2), 'containerd://a1');
    const a = s?.containerStatuses?.find((c) => c.name === 'a');
    expect(a?.state.terminated).toEqual({
      exitCode: 2,
      reason: 'Error',
      startedAt: '2025-03-01T10:00:00Z',
      finishedAt: '2025-03-01T10:00:05Z',
      containerID: 'containerd://a1',
    });
    expect(a?.ready).toBe(false);
    expect(s?.phase).toBe('Running');
    expect(s?.conditions?.find((c) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      message: 'containers with unready status: [a]',
    });
  });

  it('ignores the end of a run the status no longer describes', () => {
    expect(terminatedStatus(pod('Always'), 'a', false, end(0), 'containerd://old')).toBeUndefined();
  });

  it('ends Never pods Failed or Succeeded once every container terminated', () => {
    const first = ended(pod('Never'), 'a', 0, 'containerd://a1');
    expect(first.status?.phase).toBe('Running');
    expect(terminatedStatus(first, 'b', false, end(1), 'containerd://b1')?.phase).toBe('Failed');
    expect(terminatedStatus(first, 'b', false, end(0), 'containerd://b1')?.phase).toBe('Succeeded');
  });

  it('keeps OnFailure pods running after a failure, Succeeded after success', () => {
    const p = ended(pod('OnFailure'), 'a', 0, 'containerd://a1');
    expect(terminatedStatus(p, 'b', false, end(1), 'containerd://b1')?.phase).toBe('Running');
    expect(terminatedStatus(p, 'b', false, end(0), 'containerd://b1')?.phase).toBe('Succeeded');
    expect([restarts(p, 0), restarts(p, 1), restarts(pod('Always'), 0), restarts(pod('Never'), 1)]).toEqual([
      false,
      true,
      true,
      false,
    ]);
  });

  it('terminates ephemeral containers without touching the phase', () => {
    const s = terminatedStatus(pod('Never'), 'dbg', true, end(0), 'containerd://d1');
    expect(s?.ephemeralContainerStatuses?.[0]?.state.terminated?.reason).toBe('Completed');
    expect(s?.phase).toBe('Running');
  });

  it('restarts with restartCount + 1, the exit as lastState and a new containerID', () => {
    const p = ended(pod('Always'), 'a', 137, 'containerd://a1');
    const next = restartedStatus(p, 'a', T0 + 6000);
    const a = next?.status.containerStatuses?.find((c) => c.name === 'a');
    expect(a).toMatchObject({
      restartCount: 1,
      ready: true,
      state: { running: { startedAt: '2025-03-01T10:00:06Z' } },
      lastState: { terminated: { exitCode: 137, containerID: 'containerd://a1' } },
    });
    expect(next?.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(a?.containerID).toBe(next?.containerID);
    expect(restartedStatus(pod('Always'), 'a', T0)).toBeUndefined();
  });
});
