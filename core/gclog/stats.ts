/**
 * Streaming statistics over durations with bounded memory: count, sum, max and percentiles.
 * Percentiles are exact (nearest rank) while a series holds at most `exactCap` values; past that
 * the kept values move into a fixed log-bucket histogram and percentiles become estimates.
 */

/** Smallest duration the histogram resolves; anything shorter lands in the first bucket. */
const HISTOGRAM_MIN_SECONDS = 1e-6;
/** Largest duration the histogram resolves; anything longer lands in the last bucket. */
const HISTOGRAM_MAX_SECONDS = 1e5;
/**
 * Each bucket is 2% wider than the previous one: a bucket's geometric middle is within 1% of any
 * value in it, and 1 µs..1e5 s takes about 1,280 buckets (10 KiB per series).
 */
const HISTOGRAM_GROWTH = 1.02;
const LOG_GROWTH = Math.log(HISTOGRAM_GROWTH);
const BUCKETS = Math.ceil(Math.log(HISTOGRAM_MAX_SECONDS / HISTOGRAM_MIN_SECONDS) / LOG_GROWTH) + 1;

/** The default number of durations a series keeps before it switches to the histogram. */
export const DEFAULT_EXACT_PERCENTILE_CAP = 100_000;

/** A series of durations in seconds. */
export interface DurationStats {
  readonly count: number;
  readonly sumSeconds: number;
  /** 0 while empty. */
  readonly maxSeconds: number;
  /** True once the series outgrew the exact cap. */
  readonly approximate: boolean;
  add(seconds: number): void;
  /**
   * The p-quantile (0 < p <= 1) by nearest rank: the smallest value with at least p of the series
   * at or below it. Exact while under the cap, else the middle of the histogram bucket holding
   * that rank, clamped to the observed min/max. 0 while empty.
   */
  quantile(p: number): number;
}

function bucketOf(seconds: number): number {
  if (seconds <= HISTOGRAM_MIN_SECONDS) return 0;
  const index = Math.floor(Math.log(seconds / HISTOGRAM_MIN_SECONDS) / LOG_GROWTH);
  return Math.min(index, BUCKETS - 1);
}

function bucketMiddle(index: number): number {
  return HISTOGRAM_MIN_SECONDS * HISTOGRAM_GROWTH ** (index + 0.5);
}

function rankOf(p: number, count: number): number {
  return Math.min(count, Math.max(1, Math.ceil(p * count)));
}

/** Creates an empty series. `exactCap` values are kept for exact percentiles. */
export function createDurationStats(exactCap = DEFAULT_EXACT_PERCENTILE_CAP): DurationStats {
  let values: number[] | null = [];
  let sorted = true;
  let histogram: Float64Array | null = null;
  let count = 0;
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = 0;

  const toHistogram = (kept: readonly number[]): Float64Array => {
    const buckets = new Float64Array(BUCKETS);
    for (const value of kept) buckets[bucketOf(value)] = (buckets[bucketOf(value)] ?? 0) + 1;
    return buckets;
  };

  const histogramQuantile = (buckets: Float64Array, p: number): number => {
    const rank = rankOf(p, count);
    if (rank === count) return max;
    let seen = 0;
    for (let index = 0; index < buckets.length; index++) {
      seen += buckets[index] ?? 0;
      // The last bucket is open-ended: its middle says nothing about what landed there.
      if (seen >= rank)
        return index === BUCKETS - 1 ? max : Math.min(max, Math.max(min, bucketMiddle(index)));
    }
    return max;
  };

  return {
    get count() {
      return count;
    },
    get sumSeconds() {
      return sum;
    },
    get maxSeconds() {
      return max;
    },
    get approximate() {
      return histogram !== null;
    },
    add(seconds) {
      count++;
      sum += seconds;
      if (seconds > max) max = seconds;
      if (seconds < min) min = seconds;
      if (histogram) {
        const index = bucketOf(seconds);
        histogram[index] = (histogram[index] ?? 0) + 1;
        return;
      }
      if (values === null) return;
      if (sorted && values.length > 0 && seconds < (values[values.length - 1] ?? 0)) sorted = false;
      values.push(seconds);
      if (values.length > exactCap) {
        histogram = toHistogram(values);
        values = null;
      }
    },
    quantile(p) {
      if (count === 0) return 0;
      if (histogram) return histogramQuantile(histogram, p);
      if (values === null) return max;
      if (!sorted) {
        values.sort((a, b) => a - b);
        sorted = true;
      }
      return values[rankOf(p, values.length) - 1] ?? max;
    },
  };
}
