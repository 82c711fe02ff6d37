import { describe, expect, it } from 'vitest';
import type { GcEvent, GcPauseEvent } from './types.js';
import { createUnifiedParser } from './unified.js';

// Lines marked "(corpus)" are copied from GCViewer's unified-jvm-logging samples, "(fixture)" from
// test/fixtures/gclogs/unified, "(synthetic)" are shapes built from those for one case; unmarked
// lines are corpus or fixture lines (some with their decorators shortened).

function parseAll(lines: string[]): { events: GcEvent[]; parseErrors: number; lines: number } {
  const parser = createUnifiedParser();
  const events = lines.flatMap((line) => parser.push(line));
  events.push(...parser.end());
  return { events, ...parser.stats };
}

function pausesOf(lines: string[]): GcPauseEvent[] {
  return parseAll(lines).events.filter((e): e is GcPauseEvent => e.kind === 'pause');
}

describe('nested Full GC inside a young collection (Serial/CMS JDK 11)', () => {
  it('reports one full pause with the Full cause and the outer figures (-Xlog:gc)', () => {
    const pauses = pausesOf([
      '[0.219s][info][gc] GC(1) Pause Young (Allocation Failure) 49M->49M(92M) 13.160ms',
      '[0.293s][info][gc] GC(3) Pause Full (Allocation Failure) 74M->10M(92M) 7.097ms',
      '[0.293s][info][gc] GC(2) Pause Young (Allocation Failure) 74M->10M(92M) 7.236ms',
      '[0.302s][info][gc] GC(4) Pause Young (Allocation Failure) 36M->36M(92M) 5.604ms',
    ]);
    expect(pauses.map((p) => [p.gcId, p.type, p.cause, p.durationSeconds])).toEqual([
      [1, 'young', 'Allocation Failure', 0.01316],
      [2, 'full', 'Allocation Failure', 0.007236],
      [4, 'young', 'Allocation Failure', 0.005604],
    ]);
    expect(pauses[1]?.heap).toEqual({
      beforeBytes: 74 * 1024 ** 2,
      afterBytes: 10 * 1024 ** 2,
      committedBytes: 92 * 1024 ** 2,
    });
  });

  it('merges across the detail lines of -Xlog:gc* and keeps a nested Full over a foreign line (synthetic)', () => {
    const pauses = pausesOf([
      '[0.283s][info][gc,start     ] GC(2) Pause Young (Allocation Failure)',
      '[0.283s][info][gc,start     ] GC(3) Pause Full (Allocation Failure)',
      '[0.290s][info][gc             ] GC(3) Pause Full (Allocation Failure) 74M->10M(92M) 6.987ms',
      '[0.290s][info][os,thread      ] Thread finished (tid: 8050, pthread id: 1).',
      '[0.290s][info][gc,heap        ] GC(2) DefNew: 29459K->0K(29504K)',
      '[0.290s][info][gc             ] GC(2) Pause Young (Allocation Failure) 74M->10M(92M) 7.118ms',
      '[0.290s][info][gc,cpu         ] GC(2) User=0.00s Sys=0.00s Real=0.01s',
    ]);
    expect(pauses).toEqual([
      expect.objectContaining({
        gcId: 2,
        type: 'full',
        cause: 'Allocation Failure',
        durationSeconds: 0.007118,
      }),
    ]);
  });

  it('does not merge sequential collections (JDK 17 Serial, Parallel)', () => {
    const pauses = pausesOf([
      'GC(24) Pause Young (Allocation Failure) 45M->45M(46M) 0.026ms',
      'GC(25) Pause Full (Allocation Failure) 45M->15M(46M) 2.601ms',
      'GC(26) Pause Young (Allocation Failure) 27M->16M(46M) 0.217ms',
      '[0.228s][info][gc] GC(2) Pause Full (Ergonomics) 62M->61M(123M) 13.765ms',
      '[0.292s][info][gc] GC(3) Pause Full (Ergonomics) 94M->30M(123M) 7.984ms',
    ]);
    expect(pauses.map((p) => `${p.gcId}:${p.type}`)).toEqual([
      '24:young',
      '25:full',
      '26:young',
      '2:full',
      '3:full',
    ]);
  });

  it('releases a held Full on the next unrelated line and at the end', () => {
    const parser = createUnifiedParser();
    expect(
      parser.push('[0.337s][info][gc] GC(14) Pause Full (Allocation Failure) 128M->8M(28M) 14.918ms'),
    ).toEqual([]);
    expect(parser.push('[0.340s][info][safepoint] Application time: 0.0021639 seconds')).toMatchObject([
      { type: 'full', gcId: 14 },
    ]);
    expect(parser.push('GC(22) Pause Full (Allocation Failure) 125M->31M(150M) 9.775ms')).toEqual([]);
    expect(parser.end()).toMatchObject([{ type: 'full', gcId: 22 }]);
  });
});
