/**
 * The process runtime judged by @kubernetes/client-node (Exec with its status callback, stdin and
 * tty; Attach; Log follow) and by a raw WebSocket client for the wire details: v4 as well as v5,
 * the empty first frame, binary frames only, the channel-3 status and close code 1000, 400s
 * before the upgrade, and an exec process killed when its client goes away.
 */
import { Attach, Exec, KubeConfig, Log, type V1Status } from '@kubernetes/client-node';
import { PassThrough, Readable, Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import {
  createProcessRuntime,
  SIM_CA_PEM,
  startKubeSim,
  type KubeSim,
  type Pod,
  type ProcessRuntime,
} from '../sim/k8s/index.js';
import { eventually } from './support/eventually.js';

let sim: KubeSim;
let runtime: ProcessRuntime;
let kc: KubeConfig;

const CONSOLE: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'console', namespace: 'prod' },
  spec: { containers: [{ name: 'sh', image: 'busybox:1.36', command: ['sh'], stdin: true, tty: true }] },
};

beforeAll(async () => {
  runtime = createProcessRuntime();
  sim = await startKubeSim({
    runtime,
    scenario: {
      pods: [
        {
          name: 'app-1',
          namespace: 'prod',
          containers: [
            {
              name: 'app',
              image: 'busybox:1.36',
              command: ['sh', '-c', 'while true; do echo tick; sleep 0.2; done'],
            },
          ],
        },
      ],
    },
  });
  sim.store.create(CONSOLE);
  kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  await eventually(
    () => (sim.store.get('pods', 'prod', 'console') as Pod).status?.phase === 'Running',
    'console',
  );
});

afterAll(async () => {
  await sim.close();
});

function collector(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (d: Buffer) => (text += d.toString()));
  return { stream, text: () => text };
}

async function execStatus(
  command: string[],
  options: { stdin?: Readable; tty?: boolean } = {},
): Promise<{ status: V1Status; out: string; err: string }> {
  const out = collector();
  const err = collector();
  const status = await new Promise<V1Status>((resolve, reject) => {
    new Exec(kc)
      .exec(
        'prod',
        'app-1',
        'app',
        command,
        out.stream,
        err.stream,
        options.stdin ?? null,
        options.tty ?? false,
        resolve,
      )
      .catch(reject);
  });
  return { status, out: out.text(), err: err.text() };
}

describe('client-node Exec and Attach', () => {
  it('reports Success and keeps stdout and stderr apart', async () => {
    const r = await execStatus(['sh', '-c', 'echo to-out; echo to-err >&2']);
    expect(r.status).toEqual({ metadata: {}, status: 'Success' });
    expect(r.out).toBe('to-out\n');
    expect(r.err).toBe('to-err\n');
  });

  it('reports a non-zero exit as NonZeroExitCode with the ExitCode cause', async () => {
    const r = await execStatus(['sh', '-c', 'exit 42']);
    expect(r.status).toEqual({
      metadata: {},
      status: 'Failure',
      message:
        'command terminated with non-zero exit code: error executing command [sh -c exit 42], exit code 42',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: '42' }] },
    });
  });

  it('feeds stdin and closes it with the v5 close signal', async () => {
    const r = await execStatus(['sh', '-c', 'wc -c'], {
      stdin: Readable.from([Buffer.from('12345'), Buffer.from('678')]),
    });
    expect(r.status.status).toBe('Success');
    expect(r.out.trim()).toBe('8');
  });

  it('runs a tty exec in a pseudo-terminal', async () => {
    const r = await execStatus(['sh', '-c', 'tty; echo "$TERM"'], { tty: true });
    expect(r.status.status).toBe('Success');
    expect(r.out).toMatch(/^\/dev\/pts\/\d+\r\nxterm\r\n$/);
  });

  it('attaches to an interactive container and drives its shell', async () => {
    const out = collector();
    const stdin = new PassThrough();
    const ws = await new Attach(kc).attach('prod', 'console', 'sh', out.stream, null, stdin, true);
    try {
      stdin.write('echo attached-$((20+1))\n');
      await eventually(() => out.text().includes('attached-21'), 'the echo over attach');
    } finally {
      ws.close();
    }
  });

  it('follows a log with Log', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const abort = await new Log(kc).log('prod', 'app-1', 'app', sink, { follow: true, tailLines: 1 });
    try {
      await eventually(() => lines.length >= 3, 'three followed lines');
      expect(new Set(lines)).toEqual(new Set(['tick']));
    } finally {
      abort.abort();
    }
  });
});

interface Frame {
  channel: number;
  data: Buffer;
  binary: boolean;
}

function execUrl(query: string): string {
  return `${sim.url.replace('https:', 'wss:')}/api/v1/namespaces/prod/pods/app-1/exec?${query}`;
}

/** Opens a raw connection and collects frames until the server closes it. */
function rawExec(
  query: string,
  protocols: string[],
): Promise<{ ws: WebSocket; frames: Frame[]; closed: Promise<number> }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(execUrl(query), protocols, { ca: SIM_CA_PEM });
    const frames: Frame[] = [];
    ws.on('message', (data: Buffer, binary) =>
      frames.push({ channel: data[0] ?? -1, data: data.subarray(1), binary }),
    );
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('open', () => resolve({ ws, frames, closed }));
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => reject(new Error(`${String(res.statusCode)} ${body}`)));
    });
    ws.on('error', reject);
  });
}

describe('exec over a raw WebSocket', () => {
  it('speaks v4: empty first frame, binary output, one status on channel 3, close 1000', async () => {
    const { ws, frames, closed } = await rawExec(
      'command=sh&command=-c&command=echo%20hi%3B%20exit%202&stdout=true&stderr=true',
      ['v4.channel.k8s.io'],
    );
    expect(ws.protocol).toBe('v4.channel.k8s.io');
    expect(await closed).toBe(1000);
    expect(frames[0]).toEqual({ channel: 1, data: Buffer.alloc(0), binary: true });
    expect(frames.every((f) => f.binary)).toBe(true);
    expect(Buffer.concat(frames.filter((f) => f.channel === 1).map((f) => f.data)).toString()).toBe('hi\n');
    const status = frames.filter((f) => f.channel === 3);
    expect(status).toHaveLength(1);
    expect(JSON.parse(status[0]!.data.toString())).toMatchObject({
      status: 'Failure',
      reason: 'NonZeroExitCode',
    });
    expect(frames.some((f) => f.channel === 255)).toBe(false);
  });

  it('prefers v5 and starts on stderr when stdout is off', async () => {
    const { ws, frames, closed } = await rawExec('command=true&stderr=true', [
      'v4.channel.k8s.io',
      'v5.channel.k8s.io',
    ]);
    expect(ws.protocol).toBe('v5.channel.k8s.io');
    await closed;
    expect(frames.map((f) => f.channel)).toEqual([2, 3]);
  });

  it('answers a 400 Status before upgrading for bad requests', async () => {
    await expect(rawExec('command=true&stdout=true', ['channel.k8s.io'])).rejects.toThrow(
      /^400 .*none of the offered subprotocols/,
    );
    await expect(rawExec('command=true&stdout=true&container=nope', ['v5.channel.k8s.io'])).rejects.toThrow(
      /^400 \{.*"message":"container nope is not valid for pod app-1"/,
    );
    await expect(rawExec('stdout=true', ['v5.channel.k8s.io'])).rejects.toThrow(
      /you must specify at least 1 command/,
    );
  });

  it('kills the exec process when the client goes away', async () => {
    const { ws, frames } = await rawExec(
      'command=sh&command=-c&command=echo%20%24%24%3B%20exec%20sleep%20300&stdout=true',
      ['v5.channel.k8s.io'],
    );
    const pid = Number(
      await eventually(
        () =>
          Buffer.concat(frames.filter((f) => f.channel === 1).map((f) => f.data))
            .toString()
            .trim() || undefined,
        'the pid',
      ),
    );
    expect(pid).toBeGreaterThan(1);
    ws.terminate();
    await eventually(() => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 'the exec process to be killed');
  });
});

describe('runtime helpers', () => {
  it('maps container paths to the host area', async () => {
    const path = await runtime.hostPath('prod', 'app-1', 'app', '/tmp/x');
    expect(path.startsWith(runtime.stateDir)).toBe(true);
    expect(path.endsWith('/app/root/tmp/x')).toBe(true);
  });
});
