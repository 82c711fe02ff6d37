/**
 * Pod IP allocation per node from the node's pod CIDR, sequential with wrap-around like the
 * host-local CNI plugin, plus explicit reservations (scenario IPs) and "next pod on this node
 * gets this IP" preferences to simulate IP reuse.
 */

interface NodeRange {
  base: number;
  size: number;
  used: Set<number>;
  cursor: number;
  preferred: number[];
}

function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) {
    throw new Error(`not an IPv4 address: ${ip}`);
  }
  return (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
}

function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses `10.244.1.0/24` into its first address and size. */
export function parseCidr(cidr: string): { base: number; size: number } {
  const [ip = '', bits = ''] = cidr.split('/');
  const prefix = Number(bits);
  if (!Number.isInteger(prefix) || prefix < 8 || prefix > 30)
    throw new Error(`unsupported pod CIDR: ${cidr}`);
  const size = 2 ** (32 - prefix);
  return { base: ipToInt(ip) - (ipToInt(ip) % size), size };
}

/** Allocator of pod IPs for all nodes. */
export class Ipam {
  private readonly nodes = new Map<string, NodeRange>();

  /** Declares a node's pod CIDR (idempotent). */
  addNode(node: string, cidr: string): void {
    if (this.nodes.has(node)) return;
    const { base, size } = parseCidr(cidr);
    this.nodes.set(node, { base, size, used: new Set(), cursor: 2, preferred: [] });
  }

  private range(node: string): NodeRange {
    const range = this.nodes.get(node);
    if (!range) throw new Error(`node ${node} has no pod CIDR`);
    return range;
  }

  /** Marks a specific IP as taken (a scenario pod with an explicit IP). */
  reserve(node: string, ip: string): void {
    const range = this.nodes.get(node);
    const offset = ipToInt(ip) - (range?.base ?? 0);
    if (range && offset >= 0 && offset < range.size) range.used.add(offset);
  }

  /** The next pod allocated on this node gets `ip` (if still free). */
  preferNext(node: string, ip: string): void {
    this.range(node).preferred.push(ipToInt(ip) - this.range(node).base);
  }

  /** True when a node has a pending preferred IP. */
  hasPreference(node: string): boolean {
    return (this.nodes.get(node)?.preferred.length ?? 0) > 0;
  }

  /** Allocates the next free IP on a node. */
  allocate(node: string): string {
    const range = this.range(node);
    while (range.preferred.length > 0) {
      const offset = range.preferred.shift() ?? 0;
      if (!range.used.has(offset)) {
        range.used.add(offset);
        return intToIp(range.base + offset);
      }
    }
    const usable = range.size - 3;
    for (let i = 0; i < usable; i++) {
      const offset = 2 + ((range.cursor - 2 + i) % usable);
      if (!range.used.has(offset)) {
        range.used.add(offset);
        range.cursor = offset + 1;
        return intToIp(range.base + offset);
      }
    }
    throw new Error(`pod CIDR of node ${node} is exhausted`);
  }

  /** Returns an IP to the pool. */
  release(node: string, ip: string): void {
    const range = this.nodes.get(node);
    if (range) range.used.delete(ipToInt(ip) - range.base);
  }
}
