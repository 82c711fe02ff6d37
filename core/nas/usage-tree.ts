/**
 * Per-folder usage totals of the NAS, filled in by an incremental scan: each folder keeps what
 * its own files use, so a folder read again replaces just its numbers, and a service's total is
 * the sum over its folders. A service is reported only once all its folders were read in one
 * pass; after that, a folder that cannot be read keeps its last numbers. Pure.
 */
import { addNasUsage, emptyNasUsage, type NasUsage } from './usage.js';

interface DirNode {
  usage: NasUsage | undefined;
  children: Map<string, DirNode>;
}

interface ServiceNode {
  namespace: string;
  service: string;
  root: DirNode;
  complete: boolean;
}

/** A service's usage as the tree holds it now. */
export interface ServiceUsage extends NasUsage {
  namespace: string;
  service: string;
}

export class NasUsageTree {
  private readonly services = new Map<string, ServiceNode>();

  /** Keeps only these namespaces (a namespace folder that is gone takes its services along). */
  retainNamespaces(namespaces: readonly string[]): void {
    const keep = new Set(namespaces);
    for (const [key, node] of this.services) if (!keep.has(node.namespace)) this.services.delete(key);
  }

  /** Keeps only these services of a namespace. */
  retainServices(namespace: string, services: readonly string[]): void {
    const keep = new Set(services);
    for (const [key, node] of this.services)
      if (node.namespace === namespace && !keep.has(node.service)) this.services.delete(key);
  }

  /**
   * Records what one folder's own files use, and which subfolders it has now: subfolders that
   * are gone are dropped with everything below them.
   * @param relDir path inside the service folder, `''` for the service folder itself
   */
  setDir(
    namespace: string,
    service: string,
    relDir: string,
    usage: NasUsage,
    subfolders: readonly string[],
  ): void {
    const node = this.dirNode(this.serviceNode(namespace, service).root, relDir);
    node.usage = usage;
    const keep = new Set(subfolders);
    for (const name of node.children.keys()) if (!keep.has(name)) node.children.delete(name);
    for (const name of subfolders)
      if (!node.children.has(name)) node.children.set(name, { usage: undefined, children: new Map() });
  }

  /** Every folder of the service was read in this pass: from now on it is reported. */
  markComplete(namespace: string, service: string): void {
    this.serviceNode(namespace, service).complete = true;
  }

  /** Usage of every service read completely at least once, sorted by namespace and service. */
  totals(): ServiceUsage[] {
    const out: ServiceUsage[] = [];
    for (const node of this.services.values()) {
      if (!node.complete) continue;
      const sum = emptyNasUsage(true);
      sumInto(sum, node.root);
      out.push({ namespace: node.namespace, service: node.service, ...sum });
    }
    return out.sort((a, b) => compare(a.namespace, b.namespace) || compare(a.service, b.service));
  }

  /** Folders held, for memory accounting in benchmarks. */
  folderCount(): number {
    let n = 0;
    const count = (dir: DirNode): void => {
      n++;
      for (const child of dir.children.values()) count(child);
    };
    for (const node of this.services.values()) count(node.root);
    return n;
  }

  private serviceNode(namespace: string, service: string): ServiceNode {
    const key = `${namespace}/${service}`;
    let node = this.services.get(key);
    if (!node) {
      node = { namespace, service, root: { usage: undefined, children: new Map() }, complete: false };
      this.services.set(key, node);
    }
    return node;
  }

  private dirNode(root: DirNode, relDir: string): DirNode {
    let node = root;
    if (relDir === '') return node;
    for (const name of relDir.split('/')) {
      let child = node.children.get(name);
      if (!child) {
        child = { usage: undefined, children: new Map() };
        node.children.set(name, child);
      }
      node = child;
    }
    return node;
  }
}

/** A folder listed by its parent but not visited yet (new since the last pass) adds nothing. */
function sumInto(sum: NasUsage, dir: DirNode): void {
  if (dir.usage) addNasUsage(sum, dir.usage);
  for (const child of dir.children.values()) sumInto(sum, child);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
