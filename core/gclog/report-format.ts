/**
 * Human formatting for reports: sizes, durations, percentages, times in a zone, sparklines and
 * aligned tables. Pure and locale-independent (the same input prints the same text everywhere).
 */

import { ExitCode } from '../errors.js';
import { formatZoned } from '../time/zone.js';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;
const SPARK_LEVELS = '▁▂▃▄▅▆▇█';
const SECOND_UNITS: readonly (readonly [number, string])[] = [
  [1e-6, 'µs'],
  [1e-3, 'ms'],
  [1, 's'],
];

/** Bytes in binary units with one decimal: 512 -> "512 B", 1288490189 -> "1.2 GiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '-';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  if (value < 1024) return `${sign}${Math.round(value)} B`;
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // 1023.96 KiB would print as "1024.0 KiB": move it up a unit too.
  if (Number(value.toFixed(1)) >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${sign}${value.toFixed(1)} ${BYTE_UNITS[unit] ?? 'B'}`;
}

/** Bytes with an explicit sign, for changes: "+12.0 MiB", "-3.0 KiB", "0 B". */
export function formatSignedBytes(bytes: number): string {
  const text = formatBytes(bytes);
  return bytes > 0 ? `+${text}` : text;
}

/** A byte rate: "1.5 MiB/s". */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** Three significant digits without exponent; `null` when rounding reaches 1000 (next unit). */
function threeDigits(value: number): string | null {
  const text = value.toPrecision(3);
  return Number(text) >= 1000 ? null : text.includes('e') ? String(Number(text)) : text;
}

/**
 * A pause-sized duration with three significant digits: "850 µs", "12.3 ms", "1.20 s"; a minute or
 * more falls back to `formatDuration`.
 */
export function formatSeconds(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  if (seconds === 0) return '0 s';
  if (Math.abs(seconds) >= 60) return formatDuration(seconds);
  for (const [scale, name] of SECOND_UNITS) {
    if (Math.abs(seconds) < scale * 1000 || name === 's') {
      const text = threeDigits(seconds / scale);
      if (text !== null) return `${text} ${name}`;
    }
  }
  return formatDuration(seconds);
}

/** A long duration in its two largest whole units: "45s", "3m 12s", "3h 12m", "2d 3h". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '-';
  const total = Math.round(Math.abs(seconds));
  const sign = seconds < 0 && total > 0 ? '-' : '';
  const days = Math.floor(total / 86_400);
  const hours = Math.floor((total % 86_400) / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const secs = total % 60;
  if (days > 0) return `${sign}${days}d ${hours}h`;
  if (hours > 0) return `${sign}${hours}h ${minutes}m`;
  if (minutes > 0) return `${sign}${minutes}m ${secs}s`;
  return `${sign}${secs}s`;
}

/** A percentage: two decimals under 10 ("1.07%"), one above ("12.5%"). */
export function formatPercent(percent: number): string {
  if (!Number.isFinite(percent)) return '-';
  return `${percent.toFixed(Math.abs(percent) < 10 ? 2 : 1)}%`;
}

/** An integer with thousands separators: 1234567 -> "1,234,567". */
export function formatCount(count: number): string {
  const [whole = '', fraction] = String(count).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/**
 * Epoch ms as "2025-01-02 08:03:04 +08:00" in an IANA zone.
 * @throws OpsError `E_TIMEZONE` (usage, exit 2) when the zone is unknown.
 */
export function formatEpoch(epochMs: number, timeZone: string): string {
  return formatZoned(epochMs, timeZone, ExitCode.usage);
}

/** A tiny bar chart of the values, one block character each, scaled between their min and max. */
export function sparkline(values: readonly number[]): string {
  if (values.length === 0) return '';
  const min = Math.min(...values);
  const max = Math.max(...values);
  const top = SPARK_LEVELS.length - 1;
  return values
    .map((value) => {
      const level = max === min ? Math.floor(top / 2) : Math.round(((value - min) / (max - min)) * top);
      return SPARK_LEVELS[level] ?? '';
    })
    .join('');
}

/** Column alignment for `formatTable`. */
export type Align = 'left' | 'right';

/**
 * Rows as aligned text lines: columns separated by two spaces, padded to the widest cell, no
 * trailing spaces. Cells must be plain text (no ANSI codes) for the widths to hold.
 */
export function formatTable(rows: readonly (readonly string[])[], align: readonly Align[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, index) => (widths[index] = Math.max(widths[index] ?? 0, cell.length)));
  }
  return rows.map((row) =>
    row
      .map((cell, index) => {
        const width = widths[index] ?? 0;
        return align[index] === 'right' ? cell.padStart(width) : cell.padEnd(width);
      })
      .join('  ')
      .trimEnd(),
  );
}
