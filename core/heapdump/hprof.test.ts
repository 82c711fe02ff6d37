import { describe, expect, it } from 'vitest';
import { hprofHasEndRecord, isHprofTailComplete, parseHprofHeader, startsLikeHprof } from './hprof.js';

/** Builds an HPROF header: magic, NUL, u4 id size, u4 high + u4 low ms, big-endian. */
function header(version: string, idSize: number, epochMs: number): Uint8Array {
  const magic = new TextEncoder().encode(`JAVA PROFILE ${version}`);
  const bytes = new Uint8Array(magic.length + 1 + 12);
  bytes.set(magic);
  const view = new DataView(bytes.buffer, magic.length + 1);
  view.setUint32(0, idSize);
  view.setUint32(4, Math.floor(epochMs / 2 ** 32));
  view.setUint32(8, epochMs % 2 ** 32);
  return bytes;
}

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/[0-9a-f]{2}/g)!.map((pair) => parseInt(pair, 16)));
}

// First 32 and last 9 bytes of a real dump: OpenJDK 17.0.15 (Debian), -Xmx8m -XX:+UseSerialGC,
// -XX:+HeapDumpOnOutOfMemoryError, written at 2026-11-22T00:04:49.134Z on the project's test machine.
const REAL_HEAD = hex('4a4156412050524f46494c4520312e302e32 00 00000008 000001a2 0091dd6e 01');
const REAL_TAIL = hex('2c 00000000 00000000');

describe('parseHprofHeader', () => {
  it('reads version, id size and the 64-bit creation time', () => {
    const epochMs = Date.UTC(2024, 4, 17, 8, 30, 15, 123);
    expect(parseHprofHeader(header('1.0.2', 8, epochMs))).toEqual({
      version: '1.0.2',
      idSize: 8,
      createdEpochMs: epochMs,
      headerBytes: 31,
    });
  });

  it('accepts 1.0.1, 1.0.3 and 4-byte ids', () => {
    expect(parseHprofHeader(header('1.0.1', 4, 1))?.version).toBe('1.0.1');
    expect(parseHprofHeader(header('1.0.3', 4, 1))).toMatchObject({ version: '1.0.3', idSize: 4 });
  });

  it('ignores bytes after the header (a 32-byte read includes the first record tag)', () => {
    const head = new Uint8Array(32);
    head.set(header('1.0.2', 8, 1_700_000_000_000));
    head[31] = 0x01;
    expect(parseHprofHeader(head)?.createdEpochMs).toBe(1_700_000_000_000);
  });

  it('parses the head of a real HotSpot 17 dump', () => {
    const parsed = parseHprofHeader(REAL_HEAD);
    expect(parsed).toMatchObject({ version: '1.0.2', idSize: 8, headerBytes: 31 });
    expect(new Date(parsed!.createdEpochMs).toISOString()).toBe('2026-11-22T00:04:49.134Z');
  });

  it('rejects non-HPROF bytes', () => {
    const text = new TextEncoder().encode('[0.004s][info][gc] Using G1\n');
    expect(parseHprofHeader(text)).toBeUndefined();
    expect(parseHprofHeader(new Uint8Array(32))).toBeUndefined();
    expect(
      parseHprofHeader(new TextEncoder().encode('JAVA PROFILE x.y\0\0\0\0\0\0\0\0\0\0\0\0\0')),
    ).toBeUndefined();
  });

  it('rejects a header cut before its fixed fields or with an impossible id size', () => {
    expect(parseHprofHeader(header('1.0.2', 8, 5).subarray(0, 25))).toBeUndefined();
    expect(parseHprofHeader(header('1.0.2', 0, 5))).toBeUndefined();
    expect(parseHprofHeader(header('1.0.2', 16, 5))).toBeUndefined();
  });
});

describe('startsLikeHprof', () => {
  it('recognises a header still being written, and nothing else', () => {
    expect(startsLikeHprof(new TextEncoder().encode('JAVA PRO'))).toBe(true);
    expect(startsLikeHprof(REAL_HEAD)).toBe(true);
    expect(startsLikeHprof(new TextEncoder().encode('JAVA_PRO'))).toBe(false);
    expect(startsLikeHprof(new Uint8Array(0))).toBe(false);
  });
});

describe('isHprofTailComplete', () => {
  it('is true for a HEAP_DUMP_END record with length 0, whatever its time', () => {
    expect(isHprofTailComplete(REAL_TAIL)).toBe(true);
    expect(isHprofTailComplete(hex('2c 0000beef 00000000'))).toBe(true);
  });

  it('looks only at the last 9 bytes of a longer buffer', () => {
    expect(isHprofTailComplete(hex('ff ff ff 2c 00000000 00000000'))).toBe(true);
  });

  it('is false for a truncated dump, a non-zero length or a short buffer', () => {
    expect(isHprofTailComplete(hex('1c 00000000 0000ff00'))).toBe(false);
    expect(isHprofTailComplete(hex('2c 00000000 00000001'))).toBe(false);
    expect(isHprofTailComplete(hex('2c 00000000 000000'))).toBe(false);
  });
});

describe('hprofHasEndRecord', () => {
  it('is false only for unsegmented 1.0.1 dumps', () => {
    expect(hprofHasEndRecord('1.0.1')).toBe(false);
    expect(hprofHasEndRecord('1.0.2')).toBe(true);
  });
});
