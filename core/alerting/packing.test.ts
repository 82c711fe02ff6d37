import { describe, expect, it } from 'vitest';
import { groupItems, truncateChars, truncateUtf8, utf8Bytes, type PartInfo } from './packing.js';
import { RateWindows, backoffMs } from './rate-windows.js';

const render = (items: readonly string[], part: PartInfo): string =>
  `header ${part.index}/${part.total}\n${items.join('\n')}${part.more ? `\n+${part.more} more` : ''}`;

describe('packing', () => {
  it('counts UTF-8 bytes and cuts at character boundaries', () => {
    expect(utf8Bytes('告警')).toBe(6);
    expect(truncateUtf8('告警告警', 8)).toBe('告…');
    expect(utf8Bytes(truncateUtf8('告警告警', 8))).toBeLessThanOrEqual(8);
    expect(truncateUtf8('short', 100)).toBe('short');
    expect(truncateChars('一二三四五六', 4)).toBe('一二三…');
    expect(truncateChars('abc', 35)).toBe('abc');
  });

  it('splits items into numbered parts within the limit', () => {
    const items = Array.from({ length: 30 }, (_, i) => `alert ${i} ${'x'.repeat(40)}`);
    const groups = groupItems({
      items,
      measure: (g, p) => utf8Bytes(render(g, p)),
      maxBytes: 400,
      maxParts: 10,
    });
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.flatMap((g) => g.items)).toEqual(items);
    for (const g of groups) {
      expect(utf8Bytes(render(g.items, g.part))).toBeLessThanOrEqual(400);
      expect(g.part.total).toBe(groups.length);
    }
    expect(groups.map((g) => g.part.index)).toEqual(groups.map((_, i) => i + 1));
  });

  it('counts what does not fit in the last allowed part as "+N more"', () => {
    const items = Array.from({ length: 100 }, (_, i) => `alert ${i} ${'y'.repeat(50)}`);
    const groups = groupItems({
      items,
      measure: (g, p) => utf8Bytes(render(g, p)),
      maxBytes: 300,
      maxParts: 2,
    });
    expect(groups).toHaveLength(2);
    const last = groups[1]!;
    const shown = groups.reduce((n, g) => n + g.items.length, 0);
    expect(last.part.more).toBe(100 - shown);
    expect(utf8Bytes(render(last.items, last.part))).toBeLessThanOrEqual(300);
  });

  it('keeps a single oversized item in its own part (the caller cuts its text)', () => {
    const groups = groupItems({
      items: ['z'.repeat(1000), 'small'],
      measure: (g, p) => utf8Bytes(render(g, p)),
      maxBytes: 100,
      maxParts: 5,
    });
    expect(groups.map((g) => g.items.length)).toEqual([1, 1]);
  });
});

describe('RateWindows', () => {
  it('never allows more than the count in any window', () => {
    const limiter = new RateWindows([{ count: 20, seconds: 60 }]);
    let t = 0;
    let sent = 0;
    // Try to send every 500 ms for 3 minutes.
    const times: number[] = [];
    for (; t < 180_000; t += 500) {
      if (limiter.available(t) > 0) {
        limiter.record(t);
        times.push(t);
        sent++;
      }
    }
    for (const start of times)
      expect(times.filter((x) => x >= start && x < start + 60_000).length).toBeLessThanOrEqual(20);
    expect(sent).toBe(60);
  });

  it('combines windows and says when the next send is allowed', () => {
    const feishu = new RateWindows([
      { count: 5, seconds: 1 },
      { count: 100, seconds: 60 },
    ]);
    for (let i = 0; i < 5; i++) feishu.record(1000 + i);
    expect(feishu.available(1004)).toBe(0);
    expect(feishu.nextFreeAt(1004)).toBe(2001);
    expect(feishu.available(2001)).toBe(2);
    expect(feishu.available(2005)).toBe(5);
    expect(new RateWindows([]).available(0)).toBe(Infinity);
  });

  it('backs off exponentially with jitter and a cap', () => {
    expect(backoffMs(1, 1000, 60_000, () => 1)).toBe(1000);
    expect(backoffMs(3, 1000, 60_000, () => 1)).toBe(4000);
    expect(backoffMs(3, 1000, 60_000, () => 0)).toBe(2000);
    expect(backoffMs(20, 1000, 60_000, () => 1)).toBe(60_000);
  });
});
