import { describe, expect, it } from 'vitest';
import { parseAll, only } from './unified-test-support.js';

// Lines marked "(corpus)" are copied from GCViewer's unified-jvm-logging samples, "(fixture)" from
// test/fixtures/gclogs/unified, "(synthetic)" are shapes built from those for one case; unmarked
// lines are corpus or fixture lines (some with their decorators shortened).

describe('pause shapes per collector', () => {
  const cases: { name: string; line: string; type: string; cause: string; ms: number; heap?: number[] }[] = [
    {
      name: 'G1 JDK 11 young',
      line: '[0.202s][info][gc] GC(0) Pause Young (G1 Evacuation Pause) 14M->12M(128M) 6.529ms',
      type: 'young',
      cause: 'G1 Evacuation Pause',
      ms: 6.529,
      heap: [14, 12, 128],
    },
    {
      name: 'G1 JDK 17 young normal',
      line: '[245ms][info][gc] GC(6) Pause Young (Normal) (G1 Evacuation Pause) 14M->14M(46M) 9.772ms',
      type: 'young',
      cause: 'G1 Evacuation Pause',
      ms: 9.772,
      heap: [14, 14, 46],
    },
    {
      name: 'G1 concurrent start is young',
      line: '[2026-11-22T00:06:21.988+0000][0.107s][info][gc          ] GC(11) Pause Young (Concurrent Start) (G1 Evacuation Pause) 49M->31M(64M) 1.020ms',
      type: 'young',
      cause: 'G1 Evacuation Pause',
      ms: 1.02,
    },
    {
      name: 'G1 humongous cause (synthetic)',
      line: 'GC(12) Pause Young (Concurrent Start) (G1 Humongous Allocation) 38M->37M(64M) 1.224ms',
      type: 'young',
      cause: 'G1 Humongous Allocation',
      ms: 1.224,
    },
    {
      name: 'G1 prepare mixed is young',
      line: '[2026-11-22T00:06:22.005+0000][0.124s][info][gc          ] GC(19) Pause Young (Prepare Mixed) (G1 Evacuation Pause) 48M->28M(64M) 0.920ms',
      type: 'young',
      cause: 'G1 Evacuation Pause',
      ms: 0.92,
    },
    {
      name: 'G1 JDK 17 mixed',
      line: '[2026-11-22T00:06:22.007+0000][0.126s][info][gc          ] GC(20) Pause Young (Mixed) (G1 Evacuation Pause) 44M->28M(64M) 0.973ms',
      type: 'mixed',
      cause: 'G1 Evacuation Pause',
      ms: 0.973,
    },
    {
      name: 'G1 JDK 11 mixed',
      line: '[0.693s][info][gc] GC(50) Pause Mixed (G1 Evacuation Pause) 29M->28M(123M) 2.790ms',
      type: 'mixed',
      cause: 'G1 Evacuation Pause',
      ms: 2.79,
    },
    {
      name: 'G1 JDK 11 initial mark',
      line: '[0.295s][info][gc] GC(5) Pause Initial Mark (G1 Evacuation Pause) 80M->80M(128M) 6.187ms',
      type: 'initial_mark',
      cause: 'G1 Evacuation Pause',
      ms: 6.187,
    },
    {
      name: 'G1 remark',
      line: '[0.319s][info][gc] GC(6) Pause Remark 121M->121M(128M) 0.837ms',
      type: 'remark',
      cause: '',
      ms: 0.837,
    },
    {
      name: 'G1 cleanup',
      line: '[0.337s][info][gc] GC(6) Pause Cleanup 9M->9M(28M) 0.001ms',
      type: 'cleanup',
      cause: '',
      ms: 0.001,
    },
    {
      name: 'G1 full',
      line: '[0.337s][info][gc] GC(14) Pause Full (Allocation Failure) 128M->8M(28M) 14.918ms',
      type: 'full',
      cause: 'Allocation Failure',
      ms: 14.918,
      heap: [128, 8, 28],
    },
    {
      name: 'G1 evacuation failure group (synthetic JDK 21 shape)',
      line: 'GC(9) Pause Young (Normal) (G1 Evacuation Pause) (Evacuation Failure) 63M->63M(64M) 2.100ms',
      type: 'young',
      cause: 'G1 Evacuation Pause',
      ms: 2.1,
    },
    {
      name: 'Parallel young',
      line: '[0.203s][info][gc] GC(0) Pause Young (Allocation Failure) 32M->29M(123M) 6.868ms',
      type: 'young',
      cause: 'Allocation Failure',
      ms: 6.868,
    },
    {
      name: 'Parallel full',
      line: '[0.228s][info][gc] GC(2) Pause Full (Ergonomics) 62M->61M(123M) 13.765ms',
      type: 'full',
      cause: 'Ergonomics',
      ms: 13.765,
    },
    {
      name: 'Parallel young on System.gc()',
      line: '[0.142s][info][gc] GC(36) Pause Young (System.gc()) 31M->26M(82M) 1.042ms',
      type: 'young',
      cause: 'System.gc()',
      ms: 1.042,
    },
    {
      name: 'CMS initial mark',
      line: '[0.695s][info][gc] GC(18) Pause Initial Mark 61M->61M(150M) 0.136ms',
      type: 'initial_mark',
      cause: '',
      ms: 0.136,
    },
    {
      name: 'CMS remark',
      line: '[0.714s][info][gc] GC(18) Pause Remark 110M->110M(150M) 0.859ms',
      type: 'remark',
      cause: '',
      ms: 0.859,
    },
    {
      name: 'ZGC mark start',
      line: '[1.206s][info][gc,phases] GC(0) Pause Mark Start 1.279ms',
      type: 'mark_start',
      cause: '',
      ms: 1.279,
    },
    {
      name: 'ZGC mark end',
      line: '[1.212s][info][gc,phases] GC(0) Pause Mark End 0.695ms',
      type: 'mark_end',
      cause: '',
      ms: 0.695,
    },
    {
      name: 'ZGC relocate start',
      line: '[1.218s][info][gc,phases] GC(0) Pause Relocate Start 0.679ms',
      type: 'relocate_start',
      cause: '',
      ms: 0.679,
    },
    {
      name: 'generational ZGC young mark start (gctoolkit shape)',
      line: '[2025-02-11T13:06:19.476-0800][info][gc,phases   ] GC(1) Y: Pause Mark Start (Major) 0.023ms',
      type: 'mark_start',
      cause: '',
      ms: 0.023,
    },
    {
      name: 'generational ZGC old mark end (gctoolkit shape)',
      line: '[2025-02-11T13:06:19.553-0800][info][gc,phases   ] GC(1) O: Pause Mark End 0.017ms',
      type: 'mark_end',
      cause: '',
      ms: 0.017,
    },
    {
      name: 'Shenandoah init mark',
      line: '[1.493s][info][gc] GC(0) Pause Init Mark (unload classes) 1.313ms',
      type: 'init_mark',
      cause: '',
      ms: 1.313,
    },
    {
      name: 'Shenandoah final mark',
      line: '[1.361s][info][gc] GC(0) Pause Final Mark (process weakrefs) (unload classes) 2.171ms',
      type: 'final_mark',
      cause: '',
      ms: 2.171,
    },
    {
      name: 'Shenandoah init update refs',
      line: '[1.763s][info][gc] GC(0) Pause Init Update Refs 0.030ms',
      type: 'init_update_refs',
      cause: '',
      ms: 0.03,
    },
    {
      name: 'Shenandoah final update refs',
      line: '[1.957s][info][gc] GC(0) Pause Final Update Refs 0.099ms',
      type: 'final_update_refs',
      cause: '',
      ms: 0.099,
    },
    {
      name: 'Shenandoah final roots',
      line: '[gc] GC(32) Pause Final Roots 0.002ms',
      type: 'final_roots',
      cause: '',
      ms: 0.002,
    },
    {
      name: 'Shenandoah degenerated',
      line: '[8.804s][info][gc] GC(165) Pause Degenerated GC (Outside of Cycle) 119M->56M(124M) 11.373ms',
      type: 'degenerated',
      cause: 'Outside of Cycle',
      ms: 11.373,
    },
    {
      name: 'Shenandoah full',
      line: '[43.948s][info][gc] GC(831) Pause Full (Allocation Failure) 7943M->6013M(8192M) 14289.335ms',
      type: 'full',
      cause: 'Allocation Failure',
      ms: 14289.335,
    },
    {
      name: 'unknown pause name (synthetic)',
      line: 'GC(3) Pause Final Evac 0.100ms',
      type: 'other',
      cause: '',
      ms: 0.1,
    },
  ];

  it.each(cases)('$name', ({ line, type, cause, ms, heap }) => {
    const pause = only(line, 'pause');
    expect(pause).toMatchObject({ type, cause });
    expect(pause.durationSeconds).toBeCloseTo(ms / 1e3, 9);
    if (heap) {
      const [before = 0, after = 0, committed = 0] = heap.map((mb) => mb * 1024 * 1024);
      expect(pause.heap).toEqual({ beforeBytes: before, afterBytes: after, committedBytes: committed });
    }
  });

  it('keeps the GC id', () => {
    expect(
      only('[0.337s][info][gc] GC(14) Pause Full (Allocation Failure) 128M->8M(28M) 14.918ms', 'pause').gcId,
    ).toBe(14);
  });
});
describe('concurrent phases, cycles, stalls', () => {
  it.each([
    ['[0.337s][info][gc] GC(6) Concurrent Cycle 42.463ms', 'concurrent_cycle', 42.463],
    ['[311ms][info][gc] GC(5) Concurrent Mark Cycle 77.704ms', 'concurrent_cycle', 77.704],
    ['[272ms][info][gc,marking] GC(5) Concurrent Mark From Roots 35.374ms', 'mark_from_roots', 35.374],
    ['[0.697s][info][gc] GC(18) Concurrent Abortable Preclean 16.163ms', 'abortable_preclean', 16.163],
    ['[0.715s][info][gc] GC(18) Concurrent Sweep 1.111ms', 'sweep', 1.111],
    [
      '[201.510s][info][gc,phases] GC(25) Concurrent Process Non-Strong References 3.045ms',
      'process_non_strong_references',
      3.045,
    ],
    ['[1.720s][info][gc] GC(0) Concurrent marking (unload classes) 213.664ms', 'marking', 213.664],
    ['[1.724s][info][gc] GC(0) Concurrent cleanup 1593M->1282M(1606M) 0.199ms', 'cleanup', 0.199],
    ['[0.312s][info][gc,marking   ] GC(6) Concurrent Mark (0.298s, 0.312s) 13.627ms', 'mark', 13.627],
    ['GC(7) y: Concurrent Mark 475.464ms', 'young_mark', 475.464],
    ['GC(1) O: Concurrent Remap Roots 15.512ms', 'old_remap_roots', 15.512],
  ])('%s', (line, phase, ms) => {
    const event = only(line, 'concurrent');
    expect(event.phase).toBe(phase);
    expect(event.durationSeconds).toBeCloseTo(ms / 1e3, 9);
  });

  it('reads a ZGC cycle with percentages and a decimal-comma uptime', () => {
    const cycle = only('[2,048s][info][gc] GC(1) Garbage Collection (Warmup) 208M(20%)->164M(16%)', 'cycle');
    expect(cycle).toEqual({
      kind: 'cycle',
      gcId: 1,
      cause: 'Warmup',
      heap: { beforeBytes: 208 * 1024 ** 2, afterBytes: 164 * 1024 ** 2 },
      uptimeSeconds: 2.048,
    });
  });

  it('reads generational ZGC collections with their duration and marks the collector', () => {
    const { events, parseErrors } = parseAll([
      '[2025-02-11T13:06:19.551-0800][info][gc,phases   ] GC(1) Y: Young Generation 296M(1%)->76M(0%) 0.075s',
      '[2025-02-11T13:06:19.580-0800][info][gc          ] GC(1) Major Collection (Metadata GC Threshold) 296M(1%)->80M(0%) 0.105s',
      '[2025-02-11T13:07:13.256-0800][info][gc          ] GC(7) Minor Collection (Allocation Rate) 14720M(40%)->2054M(6%) 0.689s',
    ]);
    expect(parseErrors).toBe(0);
    expect(events.filter((e) => e.kind === 'jvm_info')).toEqual([
      expect.objectContaining({ collector: 'ZGC-generational' }),
    ]);
    const cycles = events.filter((e) => e.kind === 'cycle');
    expect(cycles).toMatchObject([
      {
        gcId: 1,
        cause: 'Metadata GC Threshold',
        durationSeconds: 0.105,
        heap: { afterBytes: 80 * 1024 ** 2 },
      },
      { gcId: 7, cause: 'Allocation Rate', durationSeconds: 0.689 },
    ]);
  });

  it('keeps ZGC-generational when the Using line comes after a generational phase', () => {
    const { events } = parseAll([
      'GC(0) Y: Pause Mark Start (Major) 0.009ms',
      '[0.995s][info][gc] Using The Z Garbage Collector',
    ]);
    expect(events.filter((e) => e.kind === 'jvm_info')).toEqual([
      { kind: 'jvm_info', collector: 'ZGC-generational' },
    ]);
  });

  it('reads ZGC allocation stalls and ignores relocation stalls', () => {
    const { events } = parseAll([
      '[201.511s][info][gc          ] Allocation Stall (Group1.Backend.CompositeBackend{Tier1}.10) 29.092ms',
      '[201.521s][info][gc          ] Relocation Stall (Group1.Backend.CompositeBackend{Tier1}.3) 0.720ms',
    ]);
    expect(events).toEqual([
      expect.objectContaining({ kind: 'jvm_info', collector: 'ZGC' }),
      { kind: 'allocation_stall', durationSeconds: 0.029092, uptimeSeconds: 201.511 },
    ]);
  });

  it('reports G1 to-space exhaustion', () => {
    expect(only('[0.318s][info][gc] GC(11) To-space exhausted', 'to_space_exhausted')).toMatchObject({
      gcId: 11,
    });
  });
});
