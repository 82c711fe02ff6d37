import { defaultConfig, type OpsConfig } from '../../core/config/schema.js';
import { createLogger } from '../../adapters/log/logger.js';
import { startExporter, type RunningExporter } from '../../exporter/server.js';
import { waitFor } from './ports.js';

/** Starts the real exporter on 127.0.0.1:0 against `nasRoot` with fast scans. */
export async function startTestExporter(
  nasRoot: string,
  overrides: Partial<OpsConfig['exporter']> = {},
  nas: Partial<OpsConfig['nas']> = {},
): Promise<RunningExporter> {
  const config: OpsConfig = {
    ...defaultConfig,
    nas: { ...defaultConfig.nas, root: nasRoot, ...nas },
    exporter: {
      ...defaultConfig.exporter,
      host: '127.0.0.1',
      port: 0,
      scanIntervalSeconds: 0.2,
      ...overrides,
    },
  };
  const log = createLogger({ level: 'warn', format: 'text' });
  return startExporter(config, log);
}

/** One scrape parsed into samples: `name{labels}` -> value. */
export interface Scrape {
  text: string;
  /** Sum of every sample of `name` whose labels include `match`. */
  sum(name: string, match?: Record<string, string>): number;
  /** Samples of `name` as label maps with values. */
  samples(name: string): { labels: Record<string, string>; value: number }[];
}

export async function scrape(url: string): Promise<Scrape> {
  const res = await fetch(`${url}/metrics`);
  if (!res.ok) throw new Error(`/metrics answered ${res.status}`);
  return parseExposition(await res.text());
}

export function parseExposition(text: string): Scrape {
  const rows: { name: string; labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[l[1]!] = l[2]!.replace(/\\(.)/g, '$1');
    rows.push({ name: m[1]!, labels, value: Number(m[3]) });
  }
  const matches = (labels: Record<string, string>, match: Record<string, string>) =>
    Object.entries(match).every(([k, v]) => labels[k] === v);
  return {
    text,
    sum: (name, match = {}) =>
      rows.filter((r) => r.name === name && matches(r.labels, match)).reduce((a, r) => a + r.value, 0),
    samples: (name) => rows.filter((r) => r.name === name).map(({ labels, value }) => ({ labels, value })),
  };
}

/** Scrapes until `check` returns a value, for metrics that appear after a scan cycle. */
export function scrapeUntil<T>(
  url: string,
  check: (s: Scrape) => T | undefined,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  return waitFor(async () => check(await scrape(url)), timeoutMs, what);
}
