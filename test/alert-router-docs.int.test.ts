import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { packagePath } from '../adapters/package-root.js';
import { renderLiquid } from '../adapters/alert-channels/template-engine.js';
import { expandEnv } from '../alerting/load-routes.js';
import { compileRoutes } from '../core/alerting/routes-config.js';
import { matchRoutes } from '../core/alerting/route-tree.js';

// The routing file example in docs/alert-router.md must stay valid.

function docExample(): string {
  const doc = readFileSync(packagePath('docs', 'alert-router.md'), 'utf8');
  const blocks = [...doc.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const example = blocks.find((b) => b.includes('receivers:') && b.includes('\nroute:'));
  if (!example) throw new Error('no routing file example in docs/alert-router.md');
  return example;
}

describe('docs/alert-router.md routing example', () => {
  it('compiles, routes as described and renders its template', () => {
    const missing = new Set<string>();
    const env = new Proxy({}, { get: (_t, name) => `value-of-${String(name)}` });
    const data = expandEnv(parse(docExample()), env, missing);
    expect(missing.size).toBe(0);
    const result = compileRoutes(data, 'UTC');
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    const routes = result.routes;
    expect(matchRoutes(routes.root, { kind: 'log' }).map((m) => [m.receiver, m.sendResolved])).toEqual([
      ['logs', false],
    ]);
    expect(matchRoutes(routes.root, { severity: 'critical' }).map((m) => m.receiver)).toEqual([
      'ops',
      'logs',
    ]);
    const template = routes.receivers.get('ops')!.templates['ops-dingtalk']!;
    const text = renderLiquid(template.text!, {
      alerts: [{ alertname: 'A', summary: 's', startsAt: 't', duration: '1m' }],
    });
    expect(text).toContain('- **A** s (since t, 1m)');
  });
});
