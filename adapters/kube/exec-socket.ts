/**
 * The WebSocket connection of an exec, in place of client-node's WebSocketHandler (not exported
 * by the package, and unable to report why an upgrade was refused): it offers the channel
 * protocols, keeps the Status body of a refused upgrade (403, 404, 501...) for the error message,
 * honours an AbortSignal, and ignores channel-255 frames instead of ending the local streams.
 */
import WebSocket from 'ws';
import type { KubeConfig } from '@kubernetes/client-node';

/** Channel protocols offered, newest first; v5 adds the half-close frame for stdin EOF. */
export const CHANNEL_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** Stream numbers of the channel protocol. */
export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, status: 3, resize: 4, close: 255 } as const;

/** An upgrade the server answered with a plain HTTP response; carries its Status body. */
export class UpgradeRefused extends Error {
  constructor(
    readonly statusCode: number,
    readonly body: string,
  ) {
    super(`the API server refused the WebSocket upgrade with HTTP ${statusCode}`);
    this.name = 'UpgradeRefused';
  }
}

/** A WebSocketInterface (client-node's Exec takes one) bound to a kubeconfig and a signal. */
export class ExecSocket {
  constructor(
    private readonly kc: KubeConfig,
    private readonly signal: AbortSignal,
  ) {}

  /** Opens `path` on the current cluster; resolves once the upgrade succeeded (the signal then no longer applies). */
  async connect(
    path: string,
    _textHandler: ((text: string) => boolean) | null,
    binaryHandler: ((stream: number, buff: Buffer) => boolean) | null,
  ): Promise<WebSocket> {
    const server = this.kc.getCurrentCluster()?.server;
    if (!server) throw new Error('the kubeconfig has no current cluster');
    const url = server.replace(/^http/, 'ws').replace(/\/$/, '') + path;
    const opts: WebSocket.ClientOptions = {};
    await this.kc.applyToHTTPSOptions(opts);
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, CHANNEL_PROTOCOLS, opts);
      let refused: UpgradeRefused | undefined;
      const onAbort = () => socket.terminate();
      this.signal.addEventListener('abort', onAbort, { once: true });
      // The signal bounds the handshake only; the caller ends a running exec its own way.
      const settled = () => this.signal.removeEventListener('abort', onAbort);
      socket.once('close', settled);
      socket.once('open', settled);
      socket.on('unexpected-response', (req, res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          refused = new UpgradeRefused(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
          req.destroy();
          reject(refused);
        });
      });
      socket.on('open', () => resolve(socket));
      socket.on('error', (err) => reject(refused ?? err));
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        if (!isBinary || data.length === 0 || !binaryHandler) return;
        const stream = data.readUInt8(0);
        if (stream === CHANNEL.close) return;
        if (!binaryHandler(stream, data.subarray(1))) socket.close();
      });
    });
  }
}
