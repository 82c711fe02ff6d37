import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { standinChannels } from '../alerting/harness.js';
import { ProviderStandins } from '../alerting/standins/server.js';
import { main } from '../cli/main.js';
import { recordingIo } from '../cli/test-io.js';
import { freePort, waitFor } from './support/ports.js';

// `opsctl alerts test` and `opsctl alert-router` through the CLI entry point.

let standins: ProviderStandins;
let dir: string;
let routesFile: string;

beforeAll(async () => {
  standins = new ProviderStandins();
  await standins.start();
  dir = mkdtempSync(join(tmpdir(), 'opsctl-alert-cli-'));
  routesFile = join(dir, 'routes.yaml');
  const ch = standinChannels(standins);
  writeFileSync(
    routesFile,
    stringify({
      people: { alice: { mobile: '+8613800000001' } },
      channels: {
        ding: ch.ding,
        sms: ch.aliyun,
        broken: { type: 'webhook', url: `${standins.url.replace(/:\d+$/, ':1')}/hook/x` },
      },
      receivers: [
        { name: 'ops', channels: ['ding', 'sms'], sms: { to: ['alice'] } },
        { name: 'dead', channels: ['broken'] },
      ],
      route: { receiver: 'ops' },
    }),
  );
});

afterAll(async () => {
  await standins?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('opsctl alerts test', () => {
  it('sends a test message through every channel of the receiver', async () => {
    const io = recordingIo();
    const code = await main(['alerts', 'test', 'ops', '--routes', routesFile, '-o', 'json'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const results = JSON.parse(io.out()) as { channel: string; result: string; target?: string }[];
    expect(results).toEqual([
      { channel: 'ding', result: 'success', detail: 'ok' },
      { channel: 'sms', target: '+86138****0001', result: 'success', detail: 'OK' },
    ]);
    expect(standins.delivered('dingtalk').some((r) => r.text.includes('OpsctlTest'))).toBe(true);
  });

  it('fails with exit 75 when a channel cannot be reached, 2 for an unknown receiver, 78 for a bad file', async () => {
    const io = recordingIo();
    expect(await main(['alerts', 'test', 'dead', '--routes', routesFile], io)).toBe(75);
    expect(io.out()).toMatch(/FAIL broken: retry/);
    expect(await main(['alerts', 'test', 'nobody', '--routes', routesFile], recordingIo())).toBe(2);
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      stringify({ channels: {}, receivers: [{ name: 'x', channels: ['nope'] }], route: { receiver: 'y' } }),
    );
    const badIo = recordingIo();
    expect(await main(['alerts', 'test', 'x', '--routes', bad], badIo)).toBe(78);
    expect(badIo.err()).toContain('receivers.0.channels.0: unknown channel "nope"');
    expect(badIo.err()).toContain('route.receiver: unknown receiver "y"');
  });
});

describe('opsctl alert-router', () => {
  it('serves until shutdown with --port, --data-dir and --routes', async () => {
    const port = await freePort();
    const io = recordingIo({ OPSCTL_LOG_LEVEL: 'warn' });
    const running = main(
      [
        'alert-router',
        '--port',
        String(port),
        '--host',
        '127.0.0.1',
        '--data-dir',
        join(dir, 'data'),
        '--routes',
        routesFile,
      ],
      io,
    );
    await waitFor(
      async () =>
        (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined))?.ok ? true : undefined,
      10_000,
      'router up',
    );
    io.shutdown();
    expect(await running).toBe(0);
  });
});
