import { describe, expect, it } from 'vitest';
import { createFrameScanner, deepText } from './jdk8-frames.js';

describe('createFrameScanner', () => {
  it('closes nested frames innermost first, with own text, prefix and depth', () => {
    const scanner = createFrameScanner();
    const closed = scanner.push(
      '3.117: #0: [GC (Allocation Failure) [PSYoungGen: 7077888K->222570K(8257536K)] 7077888K->222586K(9306112K), 0.5437135 secs]',
    );
    expect(closed.map((f) => [f.depth, f.prefix, f.text])).toEqual([
      [1, 'GC (Allocation Failure) ', 'PSYoungGen: 7077888K->222570K(8257536K)'],
      [0, '3.117: #0: ', 'GC (Allocation Failure)  7077888K->222586K(9306112K), 0.5437135 secs'],
    ]);
    expect(closed[1]?.children).toEqual([closed[0]]);
    expect(scanner.openDepth).toBe(0);
  });

  it('keeps a record open across lines and joins them with a newline', () => {
    const scanner = createFrameScanner();
    expect(scanner.push('0.260: [GC (Allocation Failure) ')).toEqual([]);
    expect(scanner.openDepth).toBe(1);
    expect(scanner.push('Desired survivor size 4194304 bytes, new threshold 7 (max 15)')).toEqual([]);
    const closed = scanner.push(
      '[PSYoungGen: 24571K->4081K(28672K)] 24571K->22186K(94208K), 0.0199218 secs]',
    );
    expect(closed.at(-1)?.text).toBe(
      'GC (Allocation Failure) \nDesired survivor size 4194304 bytes, new threshold 7 (max 15)\n 24571K->22186K(94208K), 0.0199218 secs',
    );
  });

  it('drops heap address ranges, whose "[...)" would never close', () => {
    const scanner = createFrameScanner();
    scanner.push(
      ' par new generation   total 47936K, used 10451K [0x00000000f6400000, 0x00000000f9800000, 0x00000000f9800000)',
    );
    scanner.push(
      '  eden space 7013376K, 88% used [0x0000000580000000,0x00000006fabd8888,0x000000072c100000)',
    );
    expect(scanner.openDepth).toBe(0);
  });

  it('ignores a closing bracket outside any frame', () => {
    const scanner = createFrameScanner();
    expect(scanner.push(']] [Times: user=0.00 sys=0.00, real=0.00 secs]')).toHaveLength(1);
  });

  it('drops a record that grows without bound and counts it', () => {
    const scanner = createFrameScanner();
    scanner.push('[GC (Allocation Failure) ');
    const filler = 'x'.repeat(10_000);
    for (let i = 0; i < 101; i += 1) scanner.push(filler);
    expect(scanner.overflows).toBe(1);
    expect(scanner.openDepth).toBe(0);
    expect(scanner.reset()).toBe(false);
  });

  it('deepText includes the text of every descendant', () => {
    const [, outer] = createFrameScanner().push('[GC [ParNew (promotion failed): 1K->2K(3K)], 0.1 secs]');
    expect(outer && deepText(outer)).toContain('promotion failed');
  });
});
