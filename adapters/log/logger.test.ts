import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';

function capture(format: 'json' | 'text') {
  const stream = new PassThrough();
  const chunks: string[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c.toString()));
  const log = createLogger({ level: 'info', format, stream, defaultMeta: { service: 'exporter' } });
  return { log, lines: () => chunks.join('').trim().split('\n') };
}

describe('createLogger', () => {
  it('writes one JSON object per line with time, level, message and fields, secrets redacted', async () => {
    const { log, lines } = capture('json');
    log.info('connected', { server: 'nacos-1:8848', password: 'hunter2', nested: { accessToken: 'abc' } });
    log.debug('not shown at info');
    await new Promise((r) => setImmediate(r));
    const [line, ...rest] = lines();
    expect(rest).toHaveLength(0);
    const entry = JSON.parse(line!) as Record<string, unknown>;
    expect(entry).toMatchObject({
      level: 'info',
      message: 'connected',
      service: 'exporter',
      server: 'nacos-1:8848',
    });
    expect(entry.password).toBe('***');
    expect(entry.nested).toEqual({ accessToken: '***' });
    expect(typeof entry.time).toBe('string');
    expect(line).not.toContain('hunter2');
  });

  it('writes a short human line for the CLI', async () => {
    const { log, lines } = capture('text');
    log.warn('slow NAS', { path: '/mnt/test', secret: 's3' });
    await new Promise((r) => setImmediate(r));
    expect(lines()[0]).toMatch(/^warn: slow NAS service=exporter path=\/mnt\/test secret=\*\*\* time=/);
  });
});
