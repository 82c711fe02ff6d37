/**
 * Failures the simulator can be told to produce, so clients' error paths can be tested: a status
 * with a body, a delay (for timeouts), or a dropped connection, optionally limited to one path
 * prefix, one namespace, and a number of requests.
 */

/** One fault rule. */
export interface SimFault {
  /** Applies to paths starting with this (e.g. `/nacos/v1/ns/catalog`). @default every path */
  path?: string;
  /** Applies to requests naming this namespace (`namespaceId`, "" counting as public). */
  namespaceId?: string;
  /** Answer with this status instead of the real answer. */
  status?: number;
  /** Body sent with `status`. @default 'simulated failure' */
  body?: string;
  /** Wait this long before answering (or failing). */
  delayMs?: number;
  /** Destroy the connection without an answer. */
  drop?: boolean;
  /** How many requests the fault applies to. @default unlimited */
  times?: number;
}

/** The fault rules in force. */
export class SimFaults {
  private rules: { fault: SimFault; left: number }[] = [];

  /** Adds a rule; returns a function that removes it. */
  add(fault: SimFault): () => void {
    const entry = { fault, left: fault.times ?? Number.POSITIVE_INFINITY };
    this.rules.push(entry);
    return () => {
      this.rules = this.rules.filter((r) => r !== entry);
    };
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** The first rule matching a request (consuming one of its uses). */
  take(path: string, namespaceId: string): SimFault | undefined {
    const hit = this.rules.find(
      (r) =>
        r.left > 0 &&
        (r.fault.path === undefined || path.startsWith(r.fault.path)) &&
        (r.fault.namespaceId === undefined || r.fault.namespaceId === namespaceId),
    );
    if (!hit) return undefined;
    hit.left--;
    return hit.fault;
  }
}
