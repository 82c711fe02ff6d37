import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatEpoch,
  formatPercent,
  formatRate,
  formatSeconds,
  formatSignedBytes,
  formatTable,
  sparkline,
} from './report-format.js';

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1023, '1023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [1024 ** 2 * 256, '256.0 MiB'],
    [1288490189, '1.2 GiB'],
    [1024 ** 4 * 3, '3.0 TiB'],
    [1024 * 1023.97, '1.0 MiB'],
    [-1536, '-1.5 KiB'],
    [Number.NaN, '-'],
  ])('%s -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('signs changes and formats rates', () => {
    expect(formatSignedBytes(12 * 1024 ** 2)).toBe('+12.0 MiB');
    expect(formatSignedBytes(-3 * 1024)).toBe('-3.0 KiB');
    expect(formatSignedBytes(0)).toBe('0 B');
    expect(formatRate(1.5 * 1024 ** 2)).toBe('1.5 MiB/s');
  });
});

describe('formatSeconds', () => {
  it.each([
    [0, '0 s'],
    [850e-6, '850 µs'],
    [5e-7, '0.500 µs'],
    [0.0123, '12.3 ms'],
    [0.001, '1.00 ms'],
    [0.25, '250 ms'],
    [0.9996, '1.00 s'],
    [1.2, '1.20 s'],
    [12.345, '12.3 s'],
    [59.5, '59.5 s'],
    [192, '3m 12s'],
    [Number.POSITIVE_INFINITY, '-'],
  ])('%s -> %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0s'],
    [45.4, '45s'],
    [192, '3m 12s'],
    [3 * 3600 + 12 * 60 + 59, '3h 12m'],
    [2 * 86_400 + 3 * 3600 + 5, '2d 3h'],
    [-90, '-1m 30s'],
  ])('%s -> %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('formatPercent and formatCount', () => {
  it('uses two decimals below 10% and one above', () => {
    expect(formatPercent(1.0712)).toBe('1.07%');
    expect(formatPercent(12.49)).toBe('12.5%');
    expect(formatPercent(100)).toBe('100.0%');
  });

  it('groups thousands', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('formatEpoch', () => {
  const epoch = Date.UTC(2025, 0, 2, 0, 3, 4, 500);

  it('prints wall-clock time with the zone offset', () => {
    expect(formatEpoch(epoch, 'Asia/Shanghai')).toBe('2025-01-02 08:03:04 +08:00');
    expect(formatEpoch(epoch, 'UTC')).toBe('2025-01-02 00:03:04 +00:00');
    expect(formatEpoch(epoch, 'America/New_York')).toBe('2025-01-01 19:03:04 -05:00');
  });

  it('rejects an unknown zone with a usage error', () => {
    expect(() => formatEpoch(epoch, 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'E_TIMEZONE', exitCode: 2 }),
    );
  });
});

describe('sparkline', () => {
  it('scales values between their min and max', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10, 80, 10])).toBe('▁█▁');
  });

  it('draws a flat line mid-height and nothing for no values', () => {
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparkline([])).toBe('');
  });
});

describe('formatTable', () => {
  it('pads columns to the widest cell without trailing spaces', () => {
    const lines = formatTable(
      [
        ['type', 'count', 'note'],
        ['young', '1,200', ''],
        ['full', '3', 'x'],
      ],
      ['left', 'right', 'left'],
    );
    expect(lines).toEqual(['type   count  note', 'young  1,200', 'full       3  x']);
  });
});
