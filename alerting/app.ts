import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { AlertStore } from '../adapters/store/alert-store.js';
import type { Logger } from '../adapters/log/logger.js';
import { parseAlertmanagerPayload } from '../core/alerting/alertmanager-payload.js';
import type { AlertSource, ParseResult } from '../core/alerting/event.js';
import { parseNightingalePayload } from '../core/alerting/nightingale-payload.js';
import { requireAuth, type IntakeAuth } from './auth.js';
import type { Inbox } from './inbox.js';
import type { IntakeWriter } from './intake-writer.js';
import type { RouterMetrics } from './metrics.js';
import { renderInboxHtml } from './inbox-page.js';

export interface RouterAppDeps {
  writer: IntakeWriter;
  store: AlertStore;
  metrics: RouterMetrics;
  inbox: Inbox;
  auth: IntakeAuth;
  maxBodyBytes: number;
  log: Logger;
}

/**
 * The router's HTTP face. An intake answers 200 only after the events are on disk; when the
 * write fails it answers what makes the sender retry: 503 for Alertmanager (it retries 5xx),
 * 429 for Nightingale (its webhooks retry only that). Bad input is 400 naming the field.
 */
export function createRouterApp(deps: RouterAppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  const json = express.json({ limit: deps.maxBodyBytes, type: () => true });
  const auth = requireAuth(deps.auth);
  app.post(
    '/api/v1/alerts/alertmanager',
    auth,
    json,
    intake(deps, 'alertmanager', parseAlertmanagerPayload, 503),
  );
  app.post(
    '/api/v1/alerts/nightingale',
    auth,
    json,
    intake(deps, 'nightingale', parseNightingalePayload, 429),
  );
  app.get('/api/v1/events/:key', auth, (req, res) => {
    const trail = deps.store.trail(String(req.params.key));
    if (!trail) {
      res.status(404).json({ error: `no event with key ${String(req.params.key)}`, code: 'E_NOT_FOUND' });
      return;
    }
    res.json(trail);
  });
  app.get('/inbox', auth, (req, res) => {
    const entries = deps.inbox.list();
    if (req.accepts(['html', 'json']) === 'html') res.type('html').send(renderInboxHtml(entries));
    else res.json(entries);
  });
  app.get('/metrics', async (_req, res, next) => {
    try {
      res.set('Content-Type', deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
    } catch (error) {
      next(error);
    }
  });
  app.get('/healthz', (_req, res) => void res.json({ status: 'ok' }));
  app.get('/readyz', (_req, res) => void res.json({ status: 'ready' }));
  app.get('/', (_req, res) => void res.type('text/plain').send(INDEX));
  app.use((_req, res) => void res.status(404).json({ error: 'not found', code: 'E_NOT_FOUND' }));
  app.use(errorHandler(deps));
  return app;
}

const INDEX = [
  'opsctl alert router',
  '',
  'POST /api/v1/alerts/alertmanager  Alertmanager webhook (v4)',
  'POST /api/v1/alerts/nightingale   Nightingale callback',
  'GET  /api/v1/events/:key          audit trail of one event',
  'GET  /inbox                       messages of log channels',
  '/metrics /healthz /readyz',
  '',
].join('\n');

/** Body parser errors become 413/400 naming the body; anything else is logged as a 500. */
function errorHandler(
  deps: RouterAppDeps,
): (
  error: { type?: string; status?: number; message?: string },
  req: Request,
  res: Response,
  next: NextFunction,
) => void {
  return (error, _req, res, _next) => {
    if (error.type === 'entity.too.large') {
      res
        .status(413)
        .json({ error: `body larger than ${deps.maxBodyBytes} bytes`, code: 'E_TOO_LARGE', field: '(body)' });
    } else if (error.status === 400 || error.type === 'entity.parse.failed') {
      res
        .status(400)
        .json({ error: `malformed JSON: ${error.message ?? ''}`, code: 'E_BAD_PAYLOAD', field: '(body)' });
    } else {
      deps.log.error('request failed', { error: error.message });
      res.status(500).json({ error: 'internal error', code: 'E_INTERNAL' });
    }
  };
}

function intake(
  deps: RouterAppDeps,
  source: AlertSource,
  parse: (body: unknown) => ParseResult,
  failureStatus: 503 | 429,
): (req: Request, res: Response) => Promise<void> {
  return async (req, res) => {
    const parsed = parse(req.body);
    if (!parsed.ok) {
      const first = parsed.issues[0];
      res.status(400).json({
        error: `invalid ${source} payload: ${first?.field}: ${first?.message}`,
        code: 'E_BAD_PAYLOAD',
        field: first?.field,
        issues: parsed.issues,
      });
      return;
    }
    deps.metrics.received.inc({ source }, parsed.events.length);
    const meta = { source, remote: req.socket.remoteAddress, ...groupInfo(req.body) };
    try {
      const outcomes = await deps.writer.submit(parsed.events.map((event) => ({ event, intake: meta })));
      res.json({
        status: 'ok',
        received: outcomes.length,
        duplicates: outcomes.filter((o) => o.duplicate).length,
        keys: outcomes.map((o) => o.key),
      });
    } catch (error) {
      deps.log.error('durable write failed; asking the sender to retry', {
        code: 'E_STORE',
        source,
        error: (error as Error).message,
      });
      if (failureStatus === 429) res.set('Retry-After', '5');
      res.status(failureStatus).json({ error: 'could not store the alerts durably; retry', code: 'E_STORE' });
    }
  };
}

function groupInfo(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const b = body as { groupKey?: unknown; receiver?: unknown; notification_reason?: unknown };
  return {
    ...(typeof b.groupKey === 'string' ? { groupKey: b.groupKey } : {}),
    ...(typeof b.receiver === 'string' ? { amReceiver: b.receiver } : {}),
    ...(typeof b.notification_reason === 'string' ? { reason: b.notification_reason } : {}),
  };
}
