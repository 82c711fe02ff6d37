import { describe, expect, it } from 'vitest';
import { parseAll, only } from './unified-test-support.js';

// Lines marked "(corpus)" are copied from GCViewer's unified-jvm-logging samples, "(fixture)" from
// test/fixtures/gclogs/unified, "(synthetic)" are shapes built from those for one case; unmarked
// lines are corpus or fixture lines (some with their decorators shortened).

describe('decorators', () => {
  const cases: { name: string; line: string; uptime?: number; epochMs?: number; ms: number }[] = [
    {
      name: 'uptime,level,tags (corpus)',
      line: '[0.202s][info][gc] GC(0) Pause Young (G1 Evacuation Pause) 14M->12M(128M) 6.529ms',
      uptime: 0.202,
      ms: 6.529,
    },
    {
      name: 'time,uptimemillis,level,padded tags (corpus)',
      line: '[2022-01-29T16:34:51.654+0000][245ms][info][gc          ] GC(6) Pause Young (Normal) (G1 Evacuation Pause) 14M->14M(46M) 9.772ms',
      uptime: 0.245,
      epochMs: Date.UTC(2022, 0, 29, 16, 34, 51, 654),
      ms: 9.772,
    },
    {
      name: 'time with +0800 offset (corpus)',
      line: '[2022-08-17T00:34:05.142+0800][1.493s][info][gc          ] GC(0) Pause Init Mark (unload classes) 1.313ms',
      uptime: 1.493,
      epochMs: Date.UTC(2022, 7, 16, 16, 34, 5, 142),
      ms: 1.313,
    },
    {
      name: 'decimal comma in uptime and duration (corpus)',
      line: '[1,481s][info][gc                ] GC(0) Pause Full (System.gc()) 10M->1M(128M) 6,572ms',
      uptime: 1.481,
      ms: 6.572,
    },
    {
      name: 'utctime,uptimemillis,timemillis,uptimenanos,pid,tid,level,tags (fixture)',
      line: '[2026-11-22T00:06:32.350+0000][1795305992350ms][57ms][57354444ns][8047][8050][info][gc             ] GC(0) Pause Young (Allocation Failure) 15M->1M(61M) 1.773ms',
      uptime: 0.057354444,
      epochMs: 1795305992350,
      ms: 1.773,
    },
    {
      name: 'hostname, pid and tid (from a JDK 17 run)',
      line: '[2026-11-22T00:06:10.331+0000][1795305970331ms][57ms][57595308ns][vm][7581][7590][info][gc          ] GC(0) Pause Young (Allocation Failure) 8M->1M(30M) 1.853ms',
      uptime: 0.057595308,
      epochMs: 1795305970331,
      ms: 1.853,
    },
    {
      name: 'padded level (from a JDK 17 run)',
      line: '[0.071s][info   ][gc          ] GC(3) Pause Young (Allocation Failure) 11M->3M(30M) 0.687ms',
      uptime: 0.071,
      ms: 0.687,
    },
    {
      name: 'tags only (fixture)',
      line: '[gc] GC(28) Pause Degenerated GC (Outside of Cycle) 37M->31M(40M) 2.550ms',
      ms: 2.55,
    },
    {
      name: 'no decorators (fixture)',
      line: 'GC(0) Pause Young (Allocation Failure) 12M->1M(46M) 2.416ms',
      ms: 2.416,
    },
    {
      name: 'other order and utctime with comma (synthetic)',
      line: '[info][gc][0.202s][2022-01-29T16:34:51,642+0000] GC(0) Pause Young (G1 Evacuation Pause) 14M->12M(128M) 6.529ms',
      uptime: 0.202,
      epochMs: Date.UTC(2022, 0, 29, 16, 34, 51, 642),
      ms: 6.529,
    },
    {
      name: 'timemillis and uptimenanos only (synthetic)',
      line: '[1643474091642ms][233000000ns] GC(0) Pause Young (G1 Evacuation Pause) 14M->12M(128M) 6.529ms',
      uptime: 0.233,
      epochMs: 1643474091642,
      ms: 6.529,
    },
  ];

  it.each(cases)('$name', ({ line, uptime, epochMs, ms }) => {
    const pause = only(line, 'pause');
    expect(pause.durationSeconds).toBeCloseTo(ms / 1e3, 9);
    if (uptime === undefined) expect(pause.uptimeSeconds).toBeUndefined();
    else expect(pause.uptimeSeconds).toBeCloseTo(uptime, 9);
    expect(pause.epochMs).toBe(epochMs);
  });

  it('computes the JVM start from date minus uptime, once', () => {
    const { events } = parseAll([
      '[2022-01-29T16:34:51.642+0000][233ms][info][gc          ] GC(5) Concurrent Mark Cycle',
      '[2022-01-29T16:34:51.643+0000][234ms][info][gc,marking  ] GC(5) Concurrent Clear Claimed Marks 0.443ms',
      '[2022-01-29T16:34:51.644+0000][235ms][info][gc,marking  ] GC(5) Concurrent Scan Root Regions 0.468ms',
    ]);
    const starts = events.filter((e) => e.kind === 'jvm_info' && e.startEpochMs !== undefined);
    expect(starts).toEqual([
      expect.objectContaining({ startEpochMs: Date.UTC(2022, 0, 29, 16, 34, 51, 643) - 234 }),
    ]);
  });
});
