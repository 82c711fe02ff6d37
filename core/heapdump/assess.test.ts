import { describe, expect, it } from 'vitest';
import { assessHeapDump, isGzip } from './assess.js';

const encoder = new TextEncoder();

function hprofHead(version: string, epochMs: number): Uint8Array {
  const bytes = new Uint8Array(32);
  bytes.set(encoder.encode(`JAVA PROFILE ${version}\0`));
  const view = new DataView(bytes.buffer, version.length + 14);
  view.setUint32(0, 8);
  view.setUint32(4, Math.floor(epochMs / 2 ** 32));
  view.setUint32(8, epochMs % 2 ** 32);
  return bytes;
}

const END_RECORD = Uint8Array.of(0x2c, 0, 0, 0, 0, 0, 0, 0, 0);
const CUT_RECORD = Uint8Array.of(0x21, 0, 0, 0, 0x10, 0, 0, 0x30, 0x91);
// Start of `jcmd <pid> GC.heap_dump -gz=1` output: gzip with FCOMMENT "HPROF BLOCKSIZE=1048576".
const GZ_HEAD = Uint8Array.from([
  0x1f,
  0x8b,
  0x08,
  0x10,
  0,
  0,
  0,
  0,
  0x04,
  0x00,
  ...encoder.encode('HPROF BLOCK'),
]);

describe('assessHeapDump', () => {
  it('calls a 1.0.2 dump with HEAP_DUMP_END complete and returns its time', () => {
    const epochMs = Date.UTC(2025, 0, 2, 3, 4, 5, 6);
    expect(assessHeapDump(hprofHead('1.0.2', epochMs), END_RECORD, 10_000)).toEqual({
      format: 'hprof',
      createdEpochMs: epochMs,
      hprofVersion: '1.0.2',
      complete: true,
      check: 'end-record',
    });
  });

  it('calls a 1.0.2 dump without the end record incomplete', () => {
    const verdict = assessHeapDump(hprofHead('1.0.2', 1), CUT_RECORD, 10_000);
    expect(verdict).toMatchObject({ format: 'hprof', complete: false, check: 'end-record' });
    expect(verdict.reason).toContain('HEAP_DUMP_END');
  });

  it('does not read an end record into header bytes when the file barely exceeds the header', () => {
    // Header (31 bytes) + 5 zero bytes; the time's low word 0x2c000000 makes the last 9 bytes
    // 2c 00000000 00000000, which would pass for HEAP_DUMP_END without the length guard.
    const file = new Uint8Array(36);
    file.set(hprofHead('1.0.2', 0x2c000000).subarray(0, 31));
    const tail = file.subarray(27);
    expect(Array.from(tail)).toEqual(Array.from(END_RECORD));
    expect(assessHeapDump(file.subarray(0, 32), tail, file.length).complete).toBe(false);
  });

  it('can only rely on size stability for 1.0.1 dumps', () => {
    expect(assessHeapDump(hprofHead('1.0.1', 1), CUT_RECORD, 10_000)).toMatchObject({
      format: 'hprof',
      complete: true,
      check: 'size-stable',
    });
  });

  it('reports a header still being written as an incomplete hprof', () => {
    const head = encoder.encode('JAVA PROF');
    expect(assessHeapDump(head, head, head.length)).toMatchObject({ format: 'hprof', complete: false });
  });

  it('recognises gzip dumps and PHD dumps', () => {
    expect(assessHeapDump(GZ_HEAD, END_RECORD, 5_000)).toMatchObject({
      format: 'hprof_gz',
      check: 'size-stable',
    });
    const phd = new Uint8Array(32);
    phd.set([0, 18, ...encoder.encode('portable heap dump'), 0, 0, 0, 6, 0, 0, 0, 5, 1]);
    expect(assessHeapDump(phd, Uint8Array.of(9, 3), 9_000)).toMatchObject({ format: 'phd', complete: true });
    expect(assessHeapDump(phd, Uint8Array.of(3, 9), 9_000)).toMatchObject({ format: 'phd', complete: false });
  });

  it('calls empty, short and foreign files unknown and incomplete', () => {
    expect(assessHeapDump(new Uint8Array(0), new Uint8Array(0), 0)).toMatchObject({
      format: 'unknown',
      complete: false,
      reason: 'empty file',
    });
    const text = encoder.encode('hello');
    expect(assessHeapDump(text, text, text.length)).toMatchObject({ format: 'unknown', complete: false });
    const log = encoder.encode('[2024-05-01T10:00:00.000+0000][0.005s][info][gc,init] Version: 17');
    expect(assessHeapDump(log.subarray(0, 32), log.subarray(-9), log.length).format).toBe('unknown');
  });
});

describe('isGzip', () => {
  it('checks the two magic bytes', () => {
    expect(isGzip(GZ_HEAD)).toBe(true);
    expect(isGzip(Uint8Array.of(0x1f))).toBe(false);
    expect(isGzip(encoder.encode('JAVA'))).toBe(false);
  });
});
