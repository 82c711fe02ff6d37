import { expect } from 'vitest';
import type { GcEvent } from './types.js';
import { createUnifiedParser } from './unified.js';

/** Feeds lines to a fresh unified parser and returns every event and the parser's counters. */
export function parseAll(lines: string[]): { events: GcEvent[]; parseErrors: number; lines: number } {
  const parser = createUnifiedParser();
  const events = lines.flatMap((line) => parser.push(line));
  events.push(...parser.end());
  return { events, ...parser.stats };
}

/** The one event of `kind` a single line yields, asserting there is exactly one and no error. */
export function only<T extends GcEvent['kind']>(line: string, kind: T): Extract<GcEvent, { kind: T }> {
  const { events, parseErrors } = parseAll([line]);
  expect(parseErrors).toBe(0);
  const found = events.filter((e): e is Extract<GcEvent, { kind: T }> => e.kind === kind);
  expect(found).toHaveLength(1);
  return found[0]!;
}
