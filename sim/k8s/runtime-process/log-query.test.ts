import { describe, expect, it } from 'vitest';
import { ApiError } from '../api-error.js';
import { LogBook, type LogLine } from './log-book.js';
import { ByteBudget, logTimestamp, parseLogQuery, renderLine, selectLines } from './log-query.js';

const NOW = Date.parse('2025-03-01T10:00:00Z');

function book(): LogBook {
  const b = new LogBook(1024);
  b.append('stdout', 'one\ntwo\n', NOW - 30_000);
  b.append('stderr', 'warn\n', NOW - 20_000);
  b.append('stdout', 'three\nfou', NOW - 5_000);
  b.append('stdout', 'r\n', NOW - 4_000);
  return b;
}

const q = (s: string) => parseLogQuery(new URLSearchParams(s), NOW);
const texts = (lines: LogLine[]) => lines.map((l) => l.text);

describe('log book', () => {
  it('keeps one entry per line, growing an open line in place with its first time', () => {
    const lines = book().snapshot();
    expect(texts(lines)).toEqual(['one\n', 'two\n', 'warn\n', 'three\n', 'four\n']);
    expect(lines[4]?.time).toBe(NOW - 5_000);
  });

  it('drops the oldest lines past its byte budget', () => {
    const b = new LogBook(10);
    b.append('stdout', 'aaaa\nbbbb\ncccc\n', NOW);
    expect(texts(b.snapshot())).toEqual(['bbbb\n', 'cccc\n']);
  });

  it('tells followers about new lines and continued text, then the end', () => {
    const b = new LogBook(1024);
    const heard: string[] = [];
    b.follow({
      line: (l, continued) => heard.push(`${continued ? '+' : ''}${l.text}`),
      end: () => heard.push('END'),
    });
    b.append('stdout', 'par', NOW);
    b.append('stdout', 'tial\nnext\n', NOW);
    b.close();
    b.append('stdout', 'ignored\n', NOW);
    expect(heard).toEqual(['par', '+tial\n', 'next\n', 'END']);
  });
});

describe('log options', () => {
  it('applies since before tail, and tail 0 sends nothing', () => {
    const lines = book().snapshot();
    expect(texts(selectLines(lines, q('tailLines=2')))).toEqual(['three\n', 'four\n']);
    expect(texts(selectLines(lines, q('sinceSeconds=25')))).toEqual(['warn\n', 'three\n', 'four\n']);
    expect(texts(selectLines(lines, q('sinceSeconds=25&tailLines=5')))).toHaveLength(3);
    expect(selectLines(lines, q('tailLines=0'))).toEqual([]);
    expect(texts(selectLines(lines, q('sinceTime=2025-03-01T09:59:50Z')))).toEqual(['three\n', 'four\n']);
    expect(texts(selectLines(lines, q('stream=Stderr')))).toEqual(['warn\n']);
  });

  it('prefixes the fixed nine-digit timestamp, never on continued text', () => {
    expect(logTimestamp(Date.parse('2025-03-01T10:00:00.120Z'))).toBe('2025-03-01T10:00:00.120000000Z');
    const line: LogLine = { time: NOW, stream: 'stdout', text: 'x\n' };
    expect(renderLine(line, q('timestamps=true'))).toBe('2025-03-01T10:00:00.000000000Z x\n');
    expect(renderLine(line, q('timestamps=true'), true)).toBe('x\n');
    expect(renderLine(line, q(''))).toBe('x\n');
  });

  it('cuts at limitBytes across lines', () => {
    const budget = new ByteBudget(q('limitBytes=6').limitBytes);
    expect(budget.take('abcd\n').toString()).toBe('abcd\n');
    expect(budget.take('efgh\n').toString()).toBe('e');
    expect(budget.exhausted).toBe(true);
  });

  it('reads flags and rejects bad numbers with a 400', () => {
    expect(q('follow=true&previous=true&container=app')).toMatchObject({
      follow: true,
      previous: true,
      container: 'app',
      timestamps: false,
    });
    for (const bad of [
      'tailLines=x',
      'tailLines=-1',
      'sinceSeconds=0',
      'sinceSeconds=1&sinceTime=2025-03-01T00:00:00Z',
    ]) {
      expect(() => q(bad), bad).toThrow(ApiError);
      try {
        q(bad);
      } catch (e) {
        expect((e as ApiError).code).toBe(400);
      }
    }
  });
});
