import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One alert of a message the router delivered to the inbox. */
export interface InboxEntry {
  receivedAt: string;
  status: string;
  alertname: string;
  summary: string;
}

export interface DemoInbox {
  /** `http://127.0.0.1:port`: POST messages here, open it in a browser to see them. */
  url: string;
  /** Every alert received so far, oldest first (the newest 500 are kept). */
  entries(): readonly InboxEntry[];
  close(): Promise<void>;
}

const KEEP = 500;
const MAX_BODY = 4 * 1024 * 1024;

interface WebhookBody {
  status?: unknown;
  alerts?: { status?: unknown; alertname?: unknown; summary?: unknown }[];
}

const text = (value: unknown, fallback: string): string =>
  typeof value === 'string' && value !== '' ? value : fallback;

/** The alerts of one generic-webhook message of the alert router (alerting/docs: version "1"). */
function entriesOf(body: WebhookBody, now: Date): InboxEntry[] {
  const alerts = Array.isArray(body.alerts) ? body.alerts : [];
  return alerts.map((a) => ({
    receivedAt: now.toISOString(),
    status: text(a.status, text(body.status, 'unknown')),
    alertname: text(a.alertname, '(no alertname)'),
    summary: text(a.summary, ''),
  }));
}

const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A self-contained page (no external assets) that reloads itself every 5 seconds. */
function renderPage(entries: readonly InboxEntry[]): string {
  const rows = [...entries]
    .reverse()
    .map(
      (e) =>
        `<tr class="${escapeHtml(e.status)}"><td>${escapeHtml(e.receivedAt)}</td><td>${escapeHtml(e.status)}</td>` +
        `<td>${escapeHtml(e.alertname)}</td><td>${escapeHtml(e.summary)}</td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html><head><meta charset="utf-8"><meta http-equiv="refresh" content="5"><title>opsctl demo inbox</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{padding:4px 10px;border-bottom:1px solid #ddd;text-align:left}
tr.firing td:nth-child(2){color:#b00}tr.resolved td:nth-child(2){color:#080}</style></head>
<body><h1>opsctl demo inbox</h1><p>${entries.length} alert(s) delivered by the alert router, newest first.</p>
<table><tr><th>received</th><th>status</th><th>alert</th><th>summary</th></tr>
${rows}
</table></body></html>
`;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The demo's stand-in for a chat room: a local HTTP server the alert router's generic webhook
 * channel posts to. Each alert is printed as `[inbox] <status> <alertname> <summary>` and listed
 * on the page at its URL.
 */
export async function startDemoInbox(onLine: (line: string) => void): Promise<DemoInbox> {
  const entries: InboxEntry[] = [];
  const receive = async (req: IncomingMessage, res: ServerResponse) => {
    let body: WebhookBody;
    try {
      body = JSON.parse(await readBody(req)) as WebhookBody;
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('expected a JSON body\n');
      return;
    }
    for (const e of entriesOf(body, new Date())) {
      entries.push(e);
      onLine(`[inbox] ${e.status} ${e.alertname} ${e.summary}`.trimEnd());
    }
    entries.splice(0, Math.max(0, entries.length - KEEP));
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}\n');
  };
  const server = createServer((req, res) => {
    if (req.method === 'POST') {
      void receive(req, res);
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(renderPage(entries));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    entries: () => entries,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
