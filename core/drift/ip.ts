/**
 * IP text as both sides write it, made comparable: Nacos keeps whatever the client registered
 * (`FE80:0:0::1`, `[::1]`, `::ffff:10.0.0.1`, `fe80::1%eth0`), Kubernetes writes RFC 5952 text.
 * Also CIDR parsing and membership, and the classes of addresses that are never pod addresses.
 * Pure: no node:net (core does no I/O imports), the parsing is small enough to own.
 */

/** An address as bytes: 4 for IPv4, 16 for IPv6. */
export type IpBytes = Uint8Array;

function parseIpv4(text: string): IpBytes | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const part = parts[i] ?? '';
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    bytes[i] = n;
  }
  return bytes;
}

function hextets(text: string): number[] | undefined {
  if (text === '') return [];
  const out: number[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] ?? '';
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (!v4) return undefined;
      out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
    } else {
      if (!/^[0-9a-f]{1,4}$/i.test(part)) return undefined;
      out.push(parseInt(part, 16));
    }
  }
  return out;
}

function parseIpv6(text: string): IpBytes | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = hextets(halves[0] ?? '');
  const tail = halves.length === 2 ? hextets(halves[1] ?? '') : [];
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...head, ...new Array<number>(missing).fill(0), ...tail];
  const bytes = new Uint8Array(16);
  all.forEach((h, i) => {
    bytes[i * 2] = h >> 8;
    bytes[i * 2 + 1] = h & 0xff;
  });
  return bytes;
}

/** Parses IP text (brackets and an IPv6 zone id are dropped). IPv4-mapped IPv6 becomes IPv4. */
export function parseIp(text: string): IpBytes | undefined {
  let t = text.trim();
  if (t.startsWith('[') && t.endsWith(']')) t = t.slice(1, -1);
  const zone = t.indexOf('%');
  if (zone >= 0) t = t.slice(0, zone);
  if (!t.includes(':')) return parseIpv4(t);
  const v6 = parseIpv6(t);
  if (!v6) return undefined;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return mapped ? v6.slice(12) : v6;
}

/** RFC 5952 text: lowercase, no leading zeros, the longest run (2+) of zero hextets as `::`. */
function formatIpv6(bytes: IpBytes): string {
  const h: number[] = [];
  for (let i = 0; i < 8; i++) h.push((bytes[i * 2]! << 8) | bytes[i * 2 + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && h[j] === 0) j++;
    if (j - i > bestLen) [best, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = h.map((x) => x.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

/** Formats bytes as canonical text. */
export function formatIp(bytes: IpBytes): string {
  return bytes.length === 4 ? bytes.join('.') : formatIpv6(bytes);
}

/** Dotted IPv4 already in canonical form (no leading zeros, each part 0-255). */
const CANONICAL_V4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

/** Canonical text of an IP (see parseIp), or the trimmed input when it is not an IP at all. */
export function normaliseIp(text: string): string {
  // Nearly every address is canonical IPv4 already: skip the byte round trip for those.
  if (CANONICAL_V4.test(text)) return text;
  const bytes = parseIp(text);
  return bytes ? formatIp(bytes) : text.trim().toLowerCase();
}

/** A parsed CIDR block. */
export interface Cidr {
  bytes: IpBytes;
  prefix: number;
  text: string;
}

/** Parses `10.0.0.0/8`, `fd00::/64` or a bare address (a single-address block). */
export function parseCidr(text: string): Cidr | undefined {
  const [addr = '', len] = text.trim().split('/');
  const bytes = parseIp(addr);
  if (!bytes) return undefined;
  const max = bytes.length * 8;
  const prefix = len === undefined ? max : /^\d{1,3}$/.test(len) ? Number(len) : NaN;
  if (!(prefix >= 0 && prefix <= max)) return undefined;
  return { bytes, prefix, text: `${formatIp(bytes)}/${prefix}` };
}

/** True when `ip` (bytes) lies in the block. Families never match each other. */
export function cidrContains(cidr: Cidr, ip: IpBytes): boolean {
  if (cidr.bytes.length !== ip.length) return false;
  let bits = cidr.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((cidr.bytes[i]! & mask) !== (ip[i]! & mask)) return false;
  }
  return true;
}

/** The /24 (IPv4) or /64 (IPv6) block around an address, as CIDR text; undefined for non-IPs. */
export function defaultBlockOf(ip: string): string | undefined {
  if (CANONICAL_V4.test(ip)) return `${ip.slice(0, ip.lastIndexOf('.'))}.0/24`;
  const bytes = parseIp(ip);
  return bytes ? blockOf(bytes, bytes.length === 4 ? 24 : 64) : undefined;
}

/** The block of `prefix` bits around an address, as CIDR text (`10.1.2.0/24`). */
export function blockOf(ip: IpBytes, prefix: number): string {
  const out = new Uint8Array(ip);
  let bits = prefix;
  for (let i = 0; i < out.length; i++, bits -= 8) {
    if (bits >= 8) continue;
    out[i] = bits <= 0 ? 0 : out[i]! & ((0xff << (8 - bits)) & 0xff);
  }
  return `${formatIp(out)}/${prefix}`;
}

const SPECIAL: readonly { reason: 'loopback' | 'docker_bridge' | 'link_local'; cidr: Cidr }[] = [
  { reason: 'loopback', cidr: parseCidr('127.0.0.0/8')! },
  { reason: 'loopback', cidr: parseCidr('::1/128')! },
  { reason: 'link_local', cidr: parseCidr('169.254.0.0/16')! },
  { reason: 'link_local', cidr: parseCidr('fe80::/10')! },
  // Docker's default bridge: the NIC Spring Cloud picks first on hosts that run Docker.
  { reason: 'docker_bridge', cidr: parseCidr('172.17.0.0/16')! },
];

/** Why an address that no pod or node holds is suspicious: a known wrong NIC, or simply outside. */
export function foreignReason(ip: IpBytes): 'loopback' | 'docker_bridge' | 'link_local' | 'outside_cluster' {
  return SPECIAL.find((s) => cidrContains(s.cidr, ip))?.reason ?? 'outside_cluster';
}
