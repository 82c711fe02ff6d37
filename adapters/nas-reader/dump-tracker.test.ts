import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExposition } from '../../test/support/exporter.js';
import { DumpTracker } from './dump-tracker.js';
import { GuardedFs } from './guarded-fs.js';

const dir = mkdtempSync(join(tmpdir(), 'opsctl-dumps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A minimal complete HPROF 1.0.2 file: header, then a HEAP_DUMP_END record. */
function hprof(createdMs: number, body = 64): Buffer {
  const header = Buffer.alloc(31);
  header.write('JAVA PROFILE 1.0.2\0', 0, 'latin1');
  header.writeUInt32BE(8, 19);
  header.writeUInt32BE(Math.floor(createdMs / 2 ** 32), 23);
  header.writeUInt32BE(createdMs % 2 ** 32, 27);
  return Buffer.concat([header, Buffer.alloc(body, 1), Buffer.from([0x2c, 0, 0, 0, 0, 0, 0, 0, 0])]);
}

describe('DumpTracker', () => {
  const ref = (name: string) => ({
    path: join(dir, name),
    k8s_namespace: 'prod',
    service: 'order',
    pod: 'order-1',
  });
  const scopes = new Set(['prod/order']);

  it('counts dumps that appear after the first scan and re-inspects one caught while being written', async () => {
    const registry = new Registry();
    const tracker = new DumpTracker(registry, new GuardedFs(5000));
    writeFileSync(join(dir, 'old.hprof'), hprof(1_700_000_000_000));
    await tracker.update([ref('old.hprof')], true, scopes);
    let m = parseExposition(await registry.metrics());
    expect(m.sum('opsctl_heapdump_files')).toBe(1);
    expect(m.sum('opsctl_heapdump_created_total')).toBe(0); // present before start: not new
    // ...but the counter is there at 0, so increase() over it sees the first new dump.
    expect(m.samples('opsctl_heapdump_created_total')).toEqual([
      { labels: { k8s_namespace: 'prod', service: 'order', format: 'hprof' }, value: 0 },
    ]);

    // A new dump, half written: no end record yet.
    const full = hprof(1_800_000_000_000, 4096);
    writeFileSync(join(dir, 'new.hprof'), full.subarray(0, 100));
    await tracker.update([ref('old.hprof'), ref('new.hprof')], false, scopes);
    m = parseExposition(await registry.metrics());
    expect(m.sum('opsctl_heapdump_created_total', { format: 'hprof' })).toBe(1);
    expect(m.sum('opsctl_heapdump_incomplete')).toBe(1);

    appendFileSync(join(dir, 'new.hprof'), full.subarray(100));
    await tracker.update([ref('old.hprof'), ref('new.hprof')], false, scopes); // grew: still being written
    await tracker.update([ref('old.hprof'), ref('new.hprof')], false, scopes); // stable: complete
    m = parseExposition(await registry.metrics());
    expect(m.sum('opsctl_heapdump_incomplete')).toBe(0);
    expect(m.sum('opsctl_heapdump_created_total')).toBe(1);
    expect(m.sum('opsctl_heapdump_bytes')).toBe(readFileSync(join(dir, 'old.hprof')).length + full.length);
    expect(m.sum('opsctl_heapdump_last_timestamp_seconds', { pod: 'order-1' })).toBe(1_800_000_000);
  });

  it('keeps the last listing of a service folder that could not be listed', async () => {
    const registry = new Registry();
    const tracker = new DumpTracker(registry, new GuardedFs(5000));
    await tracker.update([ref('old.hprof')], true, scopes);
    await tracker.update([], false, new Set()); // folder not listed this time (hung)
    expect(parseExposition(await registry.metrics()).sum('opsctl_heapdump_files')).toBe(1);
    await tracker.update([], false, scopes); // listed, and the dump is gone
    expect(parseExposition(await registry.metrics()).sum('opsctl_heapdump_files')).toBe(0);
  });
});
