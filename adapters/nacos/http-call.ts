/**
 * One HTTP exchange over node:http(s) with keep-alive agents. Used instead of global fetch
 * because a full registry read of a 1.x/2.x server is thousands of small requests, where
 * undici's per-request overhead dominates (about 2x slower in bench/nacos-registry.ts).
 */
import * as http from 'node:http';
import * as https from 'node:https';

/** A request. */
export interface HttpExchange {
  url: URL;
  method: string;
  /** Form-encoded body, if any. */
  body?: string;
  signal: AbortSignal;
}

/** A response with its whole body. */
export interface HttpAnswer {
  status: number;
  text: string;
}

/** Sends one request. Rejects on network errors and aborts. */
export type HttpCall = (req: HttpExchange) => Promise<HttpAnswer>;

/** Largest body read; a registry page is far smaller, a misrouted download is not. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

/** An HttpCall with its own keep-alive agents (at most `maxSockets` per server). */
export function createNodeHttpCall(maxSockets: number): { call: HttpCall; close(): void } {
  const agents = {
    'http:': new http.Agent({ keepAlive: true, maxSockets }),
    'https:': new https.Agent({ keepAlive: true, maxSockets }),
  };
  const call: HttpCall = (req) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const secure = req.url.protocol === 'https:';
      const headers: Record<string, string | number> = { Accept: 'application/json', 'User-Agent': 'opsctl' };
      if (req.body !== undefined) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        headers['Content-Length'] = Buffer.byteLength(req.body);
      }
      const options = {
        method: req.method,
        headers,
        signal: req.signal,
        agent: agents[secure ? 'https:' : 'http:'],
      };
      const onResponse = (res: http.IncomingMessage): void => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY_BYTES) res.destroy(new Error(`answer larger than ${MAX_BODY_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('error', reject);
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
      };
      const request = secure
        ? https.request(req.url, options, onResponse)
        : http.request(req.url, options, onResponse);
      request.on('error', reject);
      request.end(req.body);
    });
  return {
    call,
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}
