/** Scenario durations: `30s`, `5m`, `2h`, `3d`, `1h30m`, `250ms`, or a number of seconds. */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Milliseconds of a duration, or NaN when it cannot be read. */
export function parseScenarioDuration(value: string | number): number {
  if (typeof value === 'number') return value >= 0 ? value * 1000 : Number.NaN;
  const text = value.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(text)) return Number.NaN;
  let total = 0;
  for (const [, n, unit] of text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g))
    total += Number(n) * (UNITS[unit ?? 's'] ?? 0);
  return total;
}
