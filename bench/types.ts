/** What one benchmark reports. `npm run bench` prints every report as a table and as JSON. */
export interface BenchReport {
  name: string;
  /** Measured figures, e.g. `{ 'throughput MB/s': 210, 'ratio vs grep -c Pause': 0.12 }`. */
  figures: Record<string, number | string>;
  /** Targets from the issue, e.g. `{ 'throughput MB/s': '>= 150' }`, shown beside the figures. */
  targets?: Record<string, string>;
  notes?: string[];
}

/** A benchmark: bounded in time and size, cleans up after itself. */
export type Bench = () => Promise<BenchReport>;
