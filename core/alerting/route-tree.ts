import { matchesAll, type Matcher } from './matchers.js';

/** A compiled route: settings already inherited from its parents. */
export interface RouteNode {
  /** Where it sits in the file, e.g. `route.routes[1]`, for the audit trail. */
  path: string;
  receiver: string;
  matchers: Matcher[];
  continue: boolean;
  sendResolved: boolean;
  quietHours?: string;
  repeatIntervalMs?: number;
  routes: RouteNode[];
}

/** One route an alert matched, with the settings that apply to it. */
export interface RouteMatch {
  path: string;
  receiver: string;
  sendResolved: boolean;
  quietHours?: string;
  repeatIntervalMs?: number;
}

/**
 * Alertmanager's tree walk: the root always matches; inside a matching node the children are
 * tried in order, and the first that matches stops the search unless it has `continue: true`.
 * A node none of whose children matched is itself the match.
 */
export function matchRoutes(root: RouteNode, labels: Readonly<Record<string, string>>): RouteMatch[] {
  return walk(root, labels);
}

function walk(node: RouteNode, labels: Readonly<Record<string, string>>): RouteMatch[] {
  const found: RouteMatch[] = [];
  for (const child of node.routes) {
    if (!matchesAll(child.matchers, labels)) continue;
    found.push(...walk(child, labels));
    if (!child.continue) break;
  }
  if (found.length > 0) return found;
  return [
    {
      path: node.path,
      receiver: node.receiver,
      sendResolved: node.sendResolved,
      ...(node.quietHours !== undefined ? { quietHours: node.quietHours } : {}),
      ...(node.repeatIntervalMs !== undefined ? { repeatIntervalMs: node.repeatIntervalMs } : {}),
    },
  ];
}
