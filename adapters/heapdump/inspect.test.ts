import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isOpsError } from '../../core/errors.js';
import { inspectHeapDump } from './inspect.js';

const HEADER = (() => {
  const bytes = new Uint8Array(31);
  bytes.set(new TextEncoder().encode('JAVA PROFILE 1.0.2\0'));
  const view = new DataView(bytes.buffer, 19);
  view.setUint32(0, 8);
  const epochMs = Date.UTC(2025, 5, 1, 12, 0, 0);
  view.setUint32(4, Math.floor(epochMs / 2 ** 32));
  view.setUint32(8, epochMs % 2 ** 32);
  return bytes;
})();
const END_RECORD = Uint8Array.of(0x2c, 0, 0, 0, 0, 0, 0, 0, 0);
const BODY = new Uint8Array(4096).fill(0x21);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'opsctl-inspect-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error: unknown = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return isOpsError(error) ? error.code : undefined;
}

describe('inspectHeapDump', () => {
  it('reports a finished dump with its size, mtime and creation time', async () => {
    const path = join(dir, 'dump-gateway-7d9-abcde-%t.hprof');
    await writeFile(path, Buffer.concat([HEADER, BODY, END_RECORD]));
    const result = await inspectHeapDump(path, { settleMs: 20 });
    expect(result).toMatchObject({
      path,
      format: 'hprof',
      sizeBytes: HEADER.length + BODY.length + END_RECORD.length,
      createdEpochMs: Date.UTC(2025, 5, 1, 12, 0, 0),
      complete: true,
      check: 'end-record',
    });
    expect(result.mtimeMs).toBeGreaterThan(0);
    expect(result.reason).toBeUndefined();
  });

  it('reads only the ends of a huge (sparse) file', async () => {
    const path = join(dir, 'big.hprof');
    const size = 8 * 1024 ** 3;
    const handle = await open(path, 'w');
    await handle.write(HEADER, 0, HEADER.length, 0);
    await handle.write(END_RECORD, 0, END_RECORD.length, size - END_RECORD.length);
    await handle.close();
    expect(await inspectHeapDump(path, { settleMs: 0 })).toMatchObject({ sizeBytes: size, complete: true });
  });

  it('calls a file that grows during the settle interval incomplete', async () => {
    const path = join(dir, 'growing.hprof');
    await writeFile(path, Buffer.concat([HEADER, BODY, END_RECORD]));
    const inspection = inspectHeapDump(path, { settleMs: 1000 });
    // Append well inside the settle window, after the first fstat has surely run.
    await new Promise((resolveDelay) => setTimeout(resolveDelay, 200));
    await appendFile(path, BODY);
    const result = await inspection;
    expect(result.complete).toBe(false);
    expect(result.reason).toMatch(/still being written/);
    expect(result.sizeBytes).toBe(HEADER.length + 2 * BODY.length + END_RECORD.length);
  });

  it('calls a dump without its end record incomplete', async () => {
    const path = join(dir, 'cut.hprof');
    await writeFile(path, Buffer.concat([HEADER, BODY]));
    expect(await inspectHeapDump(path, { settleMs: 0 })).toMatchObject({ format: 'hprof', complete: false });
  });

  it('handles files shorter than the head and tail windows', async () => {
    const path = join(dir, 'tiny.hprof');
    await writeFile(path, 'JAVA');
    expect(await inspectHeapDump(path, { settleMs: 0 })).toMatchObject({ format: 'hprof', complete: false });
    await writeFile(path, '');
    expect(await inspectHeapDump(path, { settleMs: 0 })).toMatchObject({ format: 'unknown', sizeBytes: 0 });
  });

  it('wraps fs failures as E_HEAPDUMP_READ with the errno and the cause', async () => {
    const path = join(dir, 'missing.hprof');
    const error: unknown = await inspectHeapDump(path, { settleMs: 0 }).catch((thrown: unknown) => thrown);
    expect(isOpsError(error) && error.code).toBe('E_HEAPDUMP_READ');
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toContain('ENOENT');
    expect(((error as Error).cause as NodeJS.ErrnoException).code).toBe('ENOENT');
    expect(await codeOf(inspectHeapDump(dir, { settleMs: 0 }))).toBe('E_HEAPDUMP_READ');
  });

  it('stops with E_ABORTED when the signal fires, before or during the settle wait', async () => {
    const path = join(dir, 'dump.hprof');
    await writeFile(path, Buffer.concat([HEADER, END_RECORD]));
    expect(await codeOf(inspectHeapDump(path, { signal: AbortSignal.abort() }))).toBe('E_ABORTED');
    const controller = new AbortController();
    const pending = inspectHeapDump(path, { signal: controller.signal, settleMs: 60_000 });
    setTimeout(() => controller.abort(), 20);
    expect(await codeOf(pending)).toBe('E_ABORTED');
  });
});
