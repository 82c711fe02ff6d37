import express, { type Express } from 'express';
import type { Registry } from 'prom-client';

export interface ExporterAppDeps {
  /** The exporter's own registry (build info, process, reader health). */
  registry: Registry;
  /** Exposition text rendered elsewhere (the NAS reader's last snapshot), appended as is. */
  snapshots: () => (string | Buffer)[];
  /** Ready once every source has delivered a first snapshot. */
  readiness: () => { ready: boolean; waitingFor: string[] };
}

/**
 * `/metrics` answers from memory only: it never touches the NAS or any upstream, so a hung mount
 * cannot make a scrape hang. `/healthz` says the process serves; `/readyz` says first data is in.
 */
export function createExporterApp(deps: ExporterAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  // A scrape body is large and never the same twice: hashing it for an ETag is wasted work.
  app.set('etag', false);
  app.get('/metrics', async (_req, res, next) => {
    try {
      const own = await deps.registry.metrics();
      res.status(200).set('Content-Type', deps.registry.contentType);
      res.write(own);
      for (const part of deps.snapshots()) res.write(part);
      res.end();
    } catch (error) {
      next(error);
    }
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', (_req, res) => {
    const { ready, waitingFor } = deps.readiness();
    res.status(ready ? 200 : 503).json(ready ? { status: 'ready' } : { status: 'starting', waitingFor });
  });
  app.get('/', (_req, res) => {
    res
      .type('text/plain')
      .send('opsctl exporter\n\n/metrics  Prometheus metrics\n/healthz  liveness\n/readyz   readiness\n');
  });
  app.use((_req, res) => {
    res
      .status(404)
      .json({ error: 'not found', code: 'E_NOT_FOUND', try: ['/metrics', '/healthz', '/readyz'] });
  });
  return app;
}
