/** Number and size parsing shared by the GC log parsers. Tolerates a decimal comma. */

const UNIT_BYTES: Record<string, number> = {
  B: 1,
  K: 1024,
  KB: 1024,
  M: 1024 ** 2,
  MB: 1024 ** 2,
  G: 1024 ** 3,
  GB: 1024 ** 3,
  T: 1024 ** 4,
  TB: 1024 ** 4,
};

/** `"6,572"` or `"6.572"` -> 6.572. NaN when it is not a number. */
export function parseDecimal(text: string): number {
  return Number(text.includes(',') ? text.replace(',', '.') : text);
}

/**
 * A size as HotSpot prints it (`25M`, `7077888K`, `0.0B`, `1,5G`, `512` bytes) to bytes.
 * Units are binary (K = 1024), as the JVM means them. NaN when it cannot be read.
 */
export function parseSizeToBytes(text: string): number {
  const match = /^(\d+(?:[.,]\d+)?)\s*([KMGT]?B?)$/i.exec(text.trim());
  if (!match) return Number.NaN;
  const unit = (match[2] ?? '').toUpperCase();
  const factor = unit === '' ? 1 : UNIT_BYTES[unit];
  if (factor === undefined) return Number.NaN;
  return Math.round(parseDecimal(match[1] ?? '') * factor);
}

/** A duration with its unit (`6.529ms`, `0.100s`, `12us`, `3ns`) to seconds. NaN when unreadable. */
export function parseDurationToSeconds(value: string, unit: string): number {
  const n = parseDecimal(value);
  switch (unit) {
    case 's':
      return n;
    case 'ms':
      return n / 1e3;
    case 'us':
    case 'µs':
      return n / 1e6;
    case 'ns':
      return n / 1e9;
    default:
      return Number.NaN;
  }
}
