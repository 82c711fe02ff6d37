/**
 * Shenandoah on JDK 8 (Red Hat builds) prints its phases in the same bracket style:
 * `[Pause Init Mark (process weakrefs), 3.341 ms]`, `[Pause Final Update Refs 184G->172G(256G), 3.659 ms]`,
 * `[Concurrent marking (process weakrefs), 866.393 ms]`, each announced by a `[..., start]` frame
 * when `-XX:+PrintGCDetails` is on.
 */
import type { Frame } from './jdk8-frames.js';
import type { ConcurrentRecord, PauseRecord } from './jdk8-records.js';
import { heapChange, labelOf } from './jdk8-records.js';
import type { GcPauseType } from './types.js';
import { parseDecimal } from './units.js';

const DURATION_MS = /(\d+(?:[.,]\d+)?) ms\s*$/;
const FULL_CAUSE = /^Pause Full \(((?:[^()]|\(\))*)\)/;
const CONCURRENT_NAME = /^Concurrent ([A-Za-z][A-Za-z ]*?)\s*(?:\(|,|\d|$)/;

const PAUSE_TYPES: ReadonlyMap<string, GcPauseType> = new Map([
  ['Init Mark', 'init_mark'],
  ['Final Mark', 'final_mark'],
  ['Init Update Refs', 'init_update_refs'],
  ['Final Update Refs', 'final_update_refs'],
  ['Final Roots', 'final_roots'],
  ['Full', 'full'],
  ['Degenerated GC', 'degenerated'],
]);

/** True for a Shenandoah `[Pause ...]` frame, finished or not. */
export function isShenandoahPause(frame: Frame): boolean {
  return labelOf(frame).startsWith('Pause ');
}

/** True for the `[Pause X, start]` / `[Concurrent X, start]` announcements. */
export function isStartMarker(frame: Frame): boolean {
  return frame.text.trimEnd().endsWith(', start');
}

/** Reads a finished Shenandoah pause; undefined when the frame cannot be read. */
export function readShenandoahPause(frame: Frame): PauseRecord | undefined {
  const label = labelOf(frame);
  const duration = DURATION_MS.exec(label);
  if (duration?.[1] === undefined) return undefined;
  let type: GcPauseType = 'other';
  for (const [name, mapped] of PAUSE_TYPES) {
    if (label.startsWith(`Pause ${name}`)) type = mapped;
  }
  const record: PauseRecord = {
    type,
    // Only a full collection names a cause in parentheses; elsewhere they qualify the phase.
    cause: type === 'full' ? (FULL_CAUSE.exec(label)?.[1] ?? '') : '',
    durationSeconds: msToSeconds(parseDecimal(duration[1])),
    exhausted: false,
    awaitsEden: false,
    collector: 'Shenandoah',
  };
  const heap = heapChange(label);
  if (heap) record.heap = heap;
  return record;
}

/** Reads a finished `[Concurrent ...]` phase of Shenandoah. */
export function readShenandoahConcurrent(frame: Frame): ConcurrentRecord | undefined {
  const label = labelOf(frame);
  const name = CONCURRENT_NAME.exec(label);
  const duration = DURATION_MS.exec(label);
  if (!name?.[1] || duration?.[1] === undefined) return undefined;
  return {
    phase: name[1].toLowerCase().replaceAll(' ', '_'),
    durationSeconds: msToSeconds(parseDecimal(duration[1])),
  };
}

/** Shenandoah prints ms with µs precision; dividing keeps float noise out of the seconds. */
function msToSeconds(ms: number): number {
  return Math.round(ms * 1000) / 1e6;
}
