/**
 * Wires registry drift into the exporter when a Nacos address is configured; without one the
 * exporter serves its NAS metrics only, as before.
 */
import type { Registry } from 'prom-client';
import { createDriftSources, driftConfigured, driftSettingsOf } from '../adapters/drift/sources.js';
import type { OpsConfig } from '../core/config/schema.js';
import { DriftCollector, type DriftLog } from './drift-collector.js';

/** Starts drift collection, or returns undefined when Nacos is not configured. */
export async function startDriftCollector(
  config: OpsConfig,
  log: DriftLog,
  registry: Registry,
  env: Readonly<Record<string, string | undefined>>,
): Promise<DriftCollector | undefined> {
  if (!driftConfigured(config)) return undefined;
  const sources = await createDriftSources(config, { env });
  const collector = new DriftCollector({
    pods: sources.pods,
    scope: sources.scope,
    labelSelector: sources.labelSelector,
    registry: sources.registry,
    settings: driftSettingsOf(config),
    pollIntervalMs: config.nacos.pollIntervalSeconds * 1000,
    recomputeMs: config.drift.recomputeSeconds * 1000,
    sourceStaleMs: config.drift.sourceStaleSeconds * 1000,
    instanceInfo: config.drift.instanceInfo,
    seriesTtlMs: config.exporter.seriesTtlSeconds * 1000,
    metrics: registry,
    log,
  });
  collector.start();
  log.info('registry drift enabled', {
    nacos: sources.nacosAddr,
    kubeContext: sources.kube.context,
    kubeServer: sources.kube.server,
  });
  return collector;
}
