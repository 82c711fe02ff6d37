/**
 * Server addresses as teams write them in NACOS_URL / spring.cloud.nacos.server-addr:
 * comma-separated, with or without `http://`, with or without a port or context path
 * (`nacos-0:8848,nacos-1:8848`, `http://nacos.prod:8848/nacos`, `10.0.0.5`).
 */
import { ExitCode, OpsError } from '../../core/errors.js';

/** Port used when an address has neither scheme nor port, as the official clients do. */
export const DEFAULT_NACOS_PORT = 8848;
const DEFAULT_CONTEXT = '/nacos';

/** One server to talk to. */
export interface NacosServer {
  /** Base URL including the context path, no trailing slash: `http://10.0.0.5:8848/nacos`. */
  base: string;
  /** `host:port`, for messages. */
  label: string;
}

function fromUrl(url: URL): NacosServer {
  const path = url.pathname.replace(/\/+$/, '');
  const context = path === '' ? DEFAULT_CONTEXT : path;
  return { base: `${url.protocol}//${url.host}${context}`, label: url.host };
}

function parseOne(entry: string): NacosServer | undefined {
  const hasScheme = /^https?:\/\//i.test(entry);
  let url: URL;
  try {
    url = new URL(hasScheme ? entry : `http://${entry}`);
  } catch {
    return undefined;
  }
  if (url.hostname === '' || url.search !== '' || url.hash !== '' || url.username !== '') return undefined;
  // Without a scheme the official clients append 8848; with one, the URL's own port applies.
  if (!hasScheme && url.port === '') url.port = String(DEFAULT_NACOS_PORT);
  return fromUrl(url);
}

/**
 * Parses a server list. Throws OpsError `E_NACOS_CONFIG` (exit 78) naming every entry it cannot
 * read, or when the list is empty.
 */
export function parseServerList(text: string): NacosServer[] {
  const entries = text
    .split(/[,;\s]+/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const bad: string[] = [];
  const servers: NacosServer[] = [];
  for (const entry of entries) {
    const server = parseOne(entry);
    if (server) servers.push(server);
    else bad.push(entry);
  }
  if (bad.length > 0 || servers.length === 0) {
    throw new OpsError(
      bad.length > 0
        ? `cannot read Nacos server address(es): ${bad.map((b) => `"${b}"`).join(', ')}`
        : 'no Nacos server address given',
      {
        code: 'E_NACOS_CONFIG',
        exitCode: ExitCode.config,
        hints: ['set NACOS_URL like "nacos-0:8848,nacos-1:8848" or "http://nacos.example:8848/nacos"'],
      },
    );
  }
  return servers;
}
