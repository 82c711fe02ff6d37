/**
 * One OpenJ9 stop-the-world pause being read: everything between `<exclusive-start>` and
 * `<exclusive-end durationms=...>`. Its type comes from the cycles and increments run inside it,
 * its heap figures from the `<mem-info>` of the first `<gc-start>` and the last `<gc-end>`.
 * See https://eclipse.dev/openj9/docs/vgclog/ and /vgclog_examples/.
 */
import type { GcHeapChange, GcPauseEvent, GcPauseType } from './types.js';

/** Used and total bytes of one `<mem-info>` or `<mem>` snapshot. */
export interface MemSnapshot {
  usedBytes: number;
  totalBytes: number;
}

/** State of the pause being read. */
export interface OpenPause {
  startMs: number;
  id?: number;
  cause: string;
  gcId?: number;
  /** Best type seen so far from `<cycle-start>`, then `<gc-start>`, then `<gc-op>`. */
  cycleType?: GcPauseType;
  incrementType?: GcPauseType;
  opType?: GcPauseType;
  /** A `<cycle-start type="global">` with no collection increment: a concurrent cycle's start. */
  globalCycleStarted: boolean;
  sawGcStart: boolean;
  heapBefore?: MemSnapshot;
  heapAfter?: MemSnapshot;
  youngBefore?: MemSnapshot;
  youngAfter?: MemSnapshot;
}

const RANK: Record<GcPauseType, number> = {
  full: 4,
  mixed: 3,
  young: 2,
  initial_mark: 1,
  remark: 1,
  cleanup: 1,
  init_mark: 1,
  final_mark: 1,
  init_update_refs: 1,
  final_update_refs: 1,
  final_roots: 1,
  degenerated: 1,
  mark_start: 1,
  mark_end: 1,
  relocate_start: 1,
  other: 0,
};

/**
 * The pause type an OpenJ9 cycle or increment `type` stands for: gencon `scavenge` is young,
 * gencon `global` and balanced `global garbage collect` are full, balanced `partial gc` is mixed;
 * the rest (balanced `global mark phase`, metronome increments...) are other.
 */
export function pauseTypeOf(j9Type: string | undefined): GcPauseType {
  return (j9Type === undefined ? undefined : J9_TYPES.get(j9Type)) ?? 'other';
}

const J9_TYPES: ReadonlyMap<string, GcPauseType> = new Map([
  ['scavenge', 'young'],
  ['global', 'full'],
  ['global garbage collect', 'full'],
  ['partial gc', 'mixed'],
]);

/** The more severe of two types (a scavenge that percolates into a global run is full). */
export function worse(a: GcPauseType | undefined, b: GcPauseType): GcPauseType {
  return a === undefined || RANK[b] > RANK[a] ? b : a;
}

/** Builds the pause event once `<exclusive-end>` gave the duration. */
export function finishPause(
  pause: OpenPause,
  durationSeconds: number,
  initMs: number | undefined,
): GcPauseEvent {
  const event: GcPauseEvent = {
    kind: 'pause',
    type: typeOf(pause),
    cause: pause.cause,
    durationSeconds,
  };
  if (Number.isFinite(pause.startMs)) {
    event.epochMs = pause.startMs;
    if (initMs !== undefined) event.uptimeSeconds = (pause.startMs - initMs) / 1000;
  }
  const gcId = pause.gcId ?? pause.id;
  if (gcId !== undefined) event.gcId = gcId;
  const heap = heapOf(pause);
  if (heap) event.heap = heap;
  return event;
}

function typeOf(pause: OpenPause): GcPauseType {
  // The initial increment of a gencon concurrent global cycle only starts the concurrent mark
  // (no <gc-start>, no operation); calling it "full" would misreport a sub-millisecond pause.
  if (pause.globalCycleStarted && !pause.sawGcStart) return 'initial_mark';
  return pause.cycleType ?? pause.incrementType ?? pause.opType ?? 'other';
}

function heapOf(pause: OpenPause): GcHeapChange | undefined {
  const { heapBefore, heapAfter, youngBefore, youngAfter } = pause;
  if (!heapBefore || !heapAfter) return undefined;
  const heap: GcHeapChange = {
    beforeBytes: heapBefore.usedBytes,
    afterBytes: heapAfter.usedBytes,
    committedBytes: heapAfter.totalBytes,
  };
  if (youngBefore && youngAfter) {
    heap.youngBeforeBytes = youngBefore.usedBytes;
    heap.youngAfterBytes = youngAfter.usedBytes;
  }
  return heap;
}
