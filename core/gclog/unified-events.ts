/**
 * Turns one unified-logging GC message (`Pause ...`, `Concurrent ...`, `Garbage Collection ...`,
 * `Major/Minor Collection ...`, `Allocation Stall ...`) into an event. Start lines (`[gc,start]`
 * and any other line without the figures that close an event) are skipped, so each pause and
 * phase is counted once, from its summary line.
 */
import type { GcEvent, GcPauseEvent, GcPauseType } from './types.js';
import type { UnifiedSummary } from './unified-summary.js';
import { parseSummary } from './unified-summary.js';

/** What a GC message yields: an event, nothing (a start line), or a parse error. */
export type MessageOutcome = GcEvent | 'skip' | 'error';

/** Generational ZGC prefixes phase lines with `Y:`/`y:` (young) or `O:` (old). */
export type ZGeneration = 'young' | 'old';

const PAUSE_TYPES = new Map<string, GcPauseType>([
  ['Young', 'young'],
  ['Mixed', 'mixed'],
  ['Full', 'full'],
  ['Initial Mark', 'initial_mark'],
  ['Remark', 'remark'],
  ['Cleanup', 'cleanup'],
  ['Init Mark', 'init_mark'],
  ['Final Mark', 'final_mark'],
  ['Init Update Refs', 'init_update_refs'],
  ['Final Update Refs', 'final_update_refs'],
  ['Final Roots', 'final_roots'],
  ['Degenerated GC', 'degenerated'],
  ['Mark Start', 'mark_start'],
  ['Mark End', 'mark_end'],
  ['Relocate Start', 'relocate_start'],
]);

/**
 * Pause types whose parenthesised group names why the pause happened. For the other phase
 * pauses the groups are qualifiers (Shenandoah `(unload classes)`, ZGC `(Major)`), not causes.
 */
const CAUSED = new Set<GcPauseType>(['young', 'mixed', 'full', 'initial_mark', 'degenerated', 'other']);

/** G1 (JDK 12+) names the kind of young pause in a first group, before the cause. */
const G1_YOUNG_KINDS = new Set(['Normal', 'Concurrent Start', 'Prepare Mixed', 'Mixed']);

/** Start or end of the enclosing G1 concurrent cycle (JDK 9-11 and 12+ spellings). */
const CYCLE_PHASES = new Set(['Cycle', 'Mark Cycle']);

/** JDK 20+ G1 marks a failed evacuation as an extra group (`(Evacuation Failure)`). */
function isEvacuationFailure(group: string): boolean {
  return group.startsWith('Evacuation Failure');
}

/** `Process Non-Strong References` -> `process_non_strong_references`. */
export function toSnakeCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** Phase names seen so far; a log has a few dozen distinct ones, so this stays tiny. */
const phaseNames = new Map<string, string>();

function phaseName(name: string, generation: ZGeneration | undefined): string {
  const key = generation ? `${generation}:${name}` : name;
  let phase = phaseNames.get(key);
  if (phase === undefined) {
    const base = CYCLE_PHASES.has(name) ? 'concurrent_cycle' : toSnakeCase(name);
    phase = generation ? `${generation}_${base}` : base;
    if (phaseNames.size < 1024) phaseNames.set(key, phase);
  }
  return phase;
}

function pauseTypeAndCause(kind: string, groups: string[]): { type: GcPauseType; cause: string } {
  let type = PAUSE_TYPES.get(kind) ?? 'other';
  const causes = groups.filter((group) => !isEvacuationFailure(group));
  if (type === 'young' && causes.length > 0 && G1_YOUNG_KINDS.has(causes[0] ?? '')) {
    if (causes[0] === 'Mixed') type = 'mixed';
    causes.shift();
  }
  const cause = CAUSED.has(type) ? (causes[causes.length - 1] ?? '') : '';
  return { type, cause };
}

function pauseEvent(summary: UnifiedSummary, gcId: number): MessageOutcome {
  if (summary.seconds === undefined) return summary.heap ? 'error' : 'skip';
  const { type, cause } = pauseTypeAndCause(summary.name.slice('Pause '.length), summary.groups);
  const event: GcPauseEvent = { kind: 'pause', gcId, type, cause, durationSeconds: summary.seconds };
  if (summary.heap) event.heap = summary.heap;
  return event;
}

function concurrentEvent(
  summary: UnifiedSummary,
  gcId: number,
  generation: ZGeneration | undefined,
): MessageOutcome {
  if (summary.seconds === undefined) return summary.heap ? 'error' : 'skip';
  const phase = phaseName(summary.name.slice('Concurrent '.length), generation);
  return { kind: 'concurrent', gcId, phase, durationSeconds: summary.seconds };
}

function cycleEvent(summary: UnifiedSummary, gcId: number): MessageOutcome {
  if (!summary.heap) return summary.seconds === undefined ? 'skip' : 'error';
  const cause = summary.groups[summary.groups.length - 1] ?? '';
  const event: GcEvent = { kind: 'cycle', gcId, cause, heap: summary.heap };
  if (summary.seconds !== undefined) event.durationSeconds = summary.seconds;
  return event;
}

/** True for the message names that open a collection summary (`Garbage Collection`...). */
export function isCycleName(name: string): boolean {
  return name === 'Garbage Collection' || name === 'Major Collection' || name === 'Minor Collection';
}

/**
 * Parses the message body after `GC(n) ` (and after a generational ZGC `Y: `/`O: ` prefix).
 * Returns 'skip' for bodies that are not event summaries at all.
 */
export function parseGcMessage(
  body: string,
  gcId: number,
  generation: ZGeneration | undefined,
): MessageOutcome {
  if (body.startsWith('To-space exhausted')) return { kind: 'to_space_exhausted', gcId };
  const summary = parseSummary(body);
  if (!summary) return 'error';
  if (summary.name.startsWith('Pause ')) return pauseEvent(summary, gcId);
  if (summary.name.startsWith('Concurrent ')) return concurrentEvent(summary, gcId, generation);
  if (isCycleName(summary.name)) return cycleEvent(summary, gcId);
  if (summary.name === 'Allocation Stall') return allocationStall(summary, gcId);
  return 'skip';
}

function allocationStall(summary: UnifiedSummary, gcId: number | undefined): MessageOutcome {
  if (summary.seconds === undefined) return 'error';
  const event: GcEvent = { kind: 'allocation_stall', durationSeconds: summary.seconds };
  if (gcId !== undefined) event.gcId = gcId;
  return event;
}

/** ZGC `Allocation Stall (thread) 12.345ms`, logged without a GC id up to JDK 17. */
export function parseAllocationStall(body: string): MessageOutcome {
  const summary = parseSummary(body);
  return summary ? allocationStall(summary, undefined) : 'error';
}
