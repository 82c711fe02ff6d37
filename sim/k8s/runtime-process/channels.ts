/**
 * The channel protocol of exec and attach over WebSocket (`v5.channel.k8s.io` and
 * `v4.channel.k8s.io`): binary frames whose first byte is the channel (0 stdin, 1 stdout,
 * 2 stderr, 3 status, 4 resize, and in v5 255 "close channel N" from the client). After the
 * upgrade the server sends an empty frame on its lowest writable channel, writes only on channels
 * the request enabled, ends with one status message on channel 3 and closes with 1000. It never
 * sends 255 (client-node would close its own stdout).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { badRequest } from '../api-error.js';
import type { StreamStatus } from './exit-status.js';

/** Subprotocols served, best first. */
export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const;

/** Which streams a request enabled. */
export interface StreamFlags {
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

const on = (q: URLSearchParams, name: string): boolean => q.get(name) === 'true' || q.get(name) === '1';

/** Reads stdin/stdout/stderr/tty (kubectl omits false ones; client-node sends true/false). */
export function streamFlags(query: URLSearchParams): StreamFlags {
  const tty = on(query, 'tty');
  // With a terminal there is no separate stderr: it is all one stream.
  return { stdin: on(query, 'stdin'), stdout: on(query, 'stdout'), stderr: on(query, 'stderr') && !tty, tty };
}

/** The protocol the server picks from the client's offer, or undefined. */
export function pickProtocol(offered: Iterable<string>): string | undefined {
  const set = new Set(offered);
  return CHANNEL_PROTOCOLS.find((p) => set.has(p));
}

/** Terminal size from a resize message (Go clients send Width/Height, client-node width/height). */
export function parseResize(data: Buffer): { cols: number; rows: number } | undefined {
  try {
    const obj = JSON.parse(data.toString('utf8')) as Record<string, unknown>;
    const get = (k: string): number =>
      Number(Object.entries(obj).find(([key]) => key.toLowerCase() === k)?.[1]);
    const cols = get('width');
    const rows = get('height');
    return Number.isInteger(cols) && Number.isInteger(rows) ? { cols, rows } : undefined;
  } catch {
    return undefined;
  }
}

const HIGH_WATER = 4 * 1024 * 1024;

/** Handlers of what the client sends. */
export interface ChannelHandlers {
  stdin?(data: Buffer): void;
  stdinEnd?(): void;
  resize?(size: { cols: number; rows: number }): void;
  /** The connection went away (after finish(), or the client left). */
  closed?(): void;
}

/** One upgraded exec/attach connection. */
export class ChannelSocket {
  private finished = false;
  private handlers: ChannelHandlers = {};
  private readonly drainWaiters: (() => void)[] = [];
  /** Resolves when the connection closed, whoever closed it. */
  readonly done: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    readonly flags: StreamFlags,
  ) {
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(data, isBinary));
    let closed!: () => void;
    this.done = new Promise((resolve) => (closed = resolve));
    ws.on('close', () => {
      closed();
      this.finished = true;
      this.handlers.closed?.();
      for (const w of this.drainWaiters.splice(0)) w();
    });
    ws.on('error', () => ws.terminate());
    const first = flags.stdout ? 1 : flags.stderr ? 2 : 3;
    ws.send(Buffer.from([first]));
  }

  /** The negotiated subprotocol. */
  get protocol(): string {
    return this.ws.protocol;
  }

  /** True while the connection is open and no status was sent. */
  get open(): boolean {
    return !this.finished;
  }

  /** Sets the handlers of client messages. */
  handle(handlers: ChannelHandlers): void {
    this.handlers = handlers;
  }

  private onMessage(data: RawData, isBinary: boolean): void {
    if (!isBinary) return;
    const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer);
    if (buf.length === 0) return;
    const payload = buf.subarray(1);
    const channel = buf[0];
    if (channel === 0) {
      if (this.flags.stdin && payload.length > 0) this.handlers.stdin?.(payload);
    } else if (channel === 4) {
      const size = parseResize(payload);
      if (size) this.handlers.resize?.(size);
    } else if (channel === 255 && payload[0] === 0) {
      this.handlers.stdinEnd?.();
    }
  }

  /** Sends output on stdout (1) or stderr (2) when the request enabled it; false = slow down. */
  send(channel: 1 | 2, data: Buffer): boolean {
    const enabled = channel === 1 ? this.flags.stdout : this.flags.stderr;
    if (this.finished || !enabled || data.length === 0) return true;
    this.ws.send(Buffer.concat([Buffer.from([channel]), data]), () => this.checkDrain());
    return this.ws.bufferedAmount < HIGH_WATER;
  }

  private checkDrain(): void {
    if (this.ws.bufferedAmount >= HIGH_WATER / 2) return;
    for (const w of this.drainWaiters.splice(0)) w();
  }

  /** Calls `fn` once the send buffer went down (or the connection closed). */
  whenDrained(fn: () => void): void {
    if (this.finished) fn();
    else this.drainWaiters.push(fn);
  }

  /** Sends the final status on channel 3 and closes normally. */
  finish(status: StreamStatus): void {
    if (this.finished) return;
    this.finished = true;
    this.ws.send(Buffer.concat([Buffer.from([3]), Buffer.from(JSON.stringify(status))]));
    this.ws.close(1000);
  }

  /** Drops the connection at once (the simulator is closing). */
  terminate(): void {
    this.finished = true;
    this.ws.terminate();
  }
}

/** Accepts WebSocket upgrades with the channel subprotocols. */
export class ChannelServer {
  private readonly wss = new WebSocketServer({
    noServer: true,
    perMessageDeflate: false,
    handleProtocols: (offered) => pickProtocol(offered) ?? false,
  });

  /** Throws a 400 Status when the request is not a WebSocket upgrade offering a served protocol. */
  check(req: IncomingMessage): void {
    if ((req.headers.upgrade ?? '').toLowerCase() !== 'websocket')
      throw badRequest(
        `unsupported upgrade ${req.headers.upgrade ?? '(none)'}: this simulator serves exec and attach over WebSocket only (${CHANNEL_PROTOCOLS.join(', ')}); SPDY is not supported`,
      );
    const offered = (req.headers['sec-websocket-protocol'] ?? '').split(',').map((p) => p.trim());
    if (!pickProtocol(offered))
      throw badRequest(
        `none of the offered subprotocols [${offered.join(', ')}] is supported; supported: ${CHANNEL_PROTOCOLS.join(', ')}`,
      );
  }

  /** Completes the upgrade. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer, flags: StreamFlags): Promise<ChannelSocket> {
    return new Promise((resolve) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => resolve(new ChannelSocket(ws, flags)));
    });
  }

  /** Closes the server side (open connections are ended by their sessions). */
  close(): void {
    this.wss.close();
  }
}
