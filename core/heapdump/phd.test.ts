import { describe, expect, it } from 'vitest';
import { isPhdTailComplete, parsePhdHeader } from './phd.js';

/** A PHD start as OpenJ9 writes it: u2 18, "portable heap dump", u4 version, u4 flags, tag 1. */
function phdHead(version: number, flags: number): Uint8Array {
  const magic = new TextEncoder().encode('portable heap dump');
  const bytes = new Uint8Array(2 + magic.length + 9);
  const view = new DataView(bytes.buffer);
  view.setUint16(0, magic.length);
  bytes.set(magic, 2);
  view.setUint32(2 + magic.length, version);
  view.setUint32(6 + magic.length, flags);
  bytes[10 + magic.length] = 1;
  return bytes;
}

describe('parsePhdHeader', () => {
  it('reads the format version and the 64-bit flag', () => {
    expect(parsePhdHeader(phdHead(6, 5))).toEqual({ version: 6, is64Bit: true });
    expect(parsePhdHeader(phdHead(4, 4))).toEqual({ version: 4, is64Bit: false });
  });

  it('rejects a wrong length prefix, a different string or a cut header', () => {
    const wrongLength = phdHead(6, 5);
    wrongLength[1] = 17;
    expect(parsePhdHeader(wrongLength)).toBeUndefined();
    const otherText = phdHead(6, 5);
    otherText[2] = 'P'.charCodeAt(0);
    expect(parsePhdHeader(otherText)).toBeUndefined();
    expect(parsePhdHeader(phdHead(6, 5).subarray(0, 24))).toBeUndefined();
    expect(
      parsePhdHeader(new TextEncoder().encode('JAVA PROFILE 1.0.2\0\0\0\0\0\0\0\0\0\0')),
    ).toBeUndefined();
  });
});

describe('isPhdTailComplete', () => {
  it('needs the end-of-dump tag as the last byte', () => {
    expect(isPhdTailComplete(Uint8Array.of(0x41, 0x07, 0x03))).toBe(true);
    expect(isPhdTailComplete(Uint8Array.of(0x03, 0x07))).toBe(false);
    expect(isPhdTailComplete(new Uint8Array(0))).toBe(false);
  });
});
