/**
 * Response media type negotiation from the Accept header: JSON, YAML, or a server-side Table
 * (`application/json;as=Table;v=v1;g=meta.k8s.io`). Protobuf and aggregated discovery types are
 * skipped, so a client that also accepts JSON gets JSON (client-go then falls back to legacy
 * discovery); a client accepting nothing we produce gets 406.
 */
import { notAcceptable } from '../api-error.js';

/** What to answer with. */
export type Negotiated =
  | { format: 'json' }
  | { format: 'yaml' }
  | { format: 'table'; tableApiVersion: 'meta.k8s.io/v1' | 'meta.k8s.io/v1beta1' };

interface MediaRange {
  type: string;
  params: Map<string, string>;
  q: number;
}

function parseAccept(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => {
      const [type = '', ...rest] = part.split(';').map((s) => s.trim());
      const params = new Map<string, string>();
      for (const p of rest) {
        const eq = p.indexOf('=');
        if (eq > 0) params.set(p.slice(0, eq).trim().toLowerCase(), p.slice(eq + 1).trim());
      }
      const q = Number(params.get('q') ?? '1');
      return { type: type.toLowerCase(), params, q: Number.isNaN(q) ? 1 : q };
    })
    .filter((m) => m.type !== '' && m.q > 0);
}

function choose(m: MediaRange): Negotiated | undefined {
  const as = m.params.get('as');
  if (as !== undefined) {
    const v = m.params.get('v');
    const ok = m.type === 'application/json' && as === 'Table' && m.params.get('g') === 'meta.k8s.io';
    if (ok && (v === 'v1' || v === 'v1beta1'))
      return { format: 'table', tableApiVersion: `meta.k8s.io/${v}` };
    return undefined;
  }
  if (m.type === 'application/json' || m.type === '*/*' || m.type === 'application/*')
    return { format: 'json' };
  if (m.type === 'application/yaml') return { format: 'yaml' };
  return undefined;
}

/** Picks the first acceptable media type (by q, then order). Throws 406. */
export function negotiate(accept: string | undefined, allowTable: boolean): Negotiated {
  if (accept === undefined || accept.trim() === '') return { format: 'json' };
  const ranges = parseAccept(accept).sort((a, b) => b.q - a.q);
  for (const m of ranges) {
    const chosen = choose(m);
    if (chosen && (chosen.format !== 'table' || allowTable)) return chosen;
  }
  throw notAcceptable();
}
