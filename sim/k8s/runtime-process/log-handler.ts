/**
 * `GET .../pods/<name>/log`: the lines of a container's current run (or of its previous run with
 * `previous=true`), filtered like the kubelet filters them, as `text/plain`; with `follow=true`
 * the response stays open and streams new lines until the run ends, the byte limit is reached or
 * the client goes away.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { badRequest } from '../api-error.js';
import type { Pod } from '../types.js';
import { pickContainer } from './containers.js';
import type { LogBook } from './log-book.js';
import {
  ByteBudget,
  lineMatches,
  parseLogQuery,
  renderLine,
  selectLines,
  type LogQuery,
} from './log-query.js';
import type { PodSlot } from './pod-slot.js';

function hasPrevious(pod: Pod, container: string): boolean {
  const statuses = [
    ...(pod.status?.containerStatuses ?? []),
    ...(pod.status?.ephemeralContainerStatuses ?? []),
  ];
  return statuses.find((s) => s.name === container)?.lastState.terminated !== undefined;
}

/** The log a request reads (throws the API server's 400s for containers without one). */
function bookFor(pod: Pod, slot: PodSlot | undefined, q: LogQuery): LogBook | undefined {
  const name = pickContainer(pod, q.container ?? null).container.name;
  const podName = pod.metadata.name ?? '';
  const cs = slot?.containers.get(name);
  if (q.previous) {
    if (!hasPrevious(pod, name))
      throw badRequest(`previous terminated container "${name}" in pod "${podName}" not found`);
    return cs?.previous;
  }
  if (!cs?.run)
    throw badRequest(`container "${name}" in pod "${podName}" is waiting to start: ContainerCreating`);
  return cs.run.log;
}

/** Serves a log request. */
export function serveLog(
  pod: Pod,
  slot: PodSlot | undefined,
  query: URLSearchParams,
  now: number,
  req: IncomingMessage,
  res: ServerResponse,
): void {
  const q = parseLogQuery(query, now);
  const book = bookFor(pod, slot, q);
  const budget = new ByteBudget(q.limitBytes);
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Cache-Control': 'no-cache, private' });
  for (const line of selectLines(book?.snapshot() ?? [], q)) {
    if (budget.exhausted) break;
    res.write(budget.take(renderLine(line, q)));
  }
  if (!q.follow || !book || book.closed || budget.exhausted) {
    res.end();
    return;
  }
  res.flushHeaders();
  const stop = book.follow({
    line: (line, continued) => {
      if (!lineMatches(line, q) || budget.exhausted) return;
      // More text of an open line carries no second timestamp.
      res.write(budget.take(renderLine(line, q, continued)));
      if (budget.exhausted) {
        stop();
        res.end();
      }
    },
    end: () => res.end(),
  });
  req.on('close', stop);
}
