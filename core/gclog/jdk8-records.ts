/**
 * What one closed JDK 8 frame means: a pause (`[GC (cause) ...]`, `[Full GC ...]`, G1
 * `[GC pause ...]`, `[GC remark ...]`, `[GC cleanup ...]`), a concurrent phase
 * (`[CMS-concurrent-mark: 0.005/0.013 secs]`, `[GC concurrent-mark-end, 0.0099 secs]`), a part
 * of a pause (generations, phases) or detail lines nobody needs (G1 worker times, `[Times: ...]`).
 */
import type { Frame } from './jdk8-frames.js';
import { deepText } from './jdk8-frames.js';
import type { GcCollector, GcHeapChange, GcPauseType } from './types.js';
import { parseDecimal, parseSizeToBytes } from './units.js';

/** A pause read from a frame. */
export interface PauseRecord {
  type: GcPauseType;
  cause: string;
  durationSeconds: number;
  heap?: GcHeapChange;
  /** Promotion failed, concurrent mode failure, G1 to-space exhausted/overflow. */
  exhausted: boolean;
  /** G1 prints the heap on a `[Eden: ...]` line after the pause closed: wait for it. */
  awaitsEden: boolean;
  /** Collector the frame proves, when it proves one. */
  collector?: GcCollector;
}

/** A concurrent phase read from a frame. */
export interface ConcurrentRecord {
  phase: string;
  durationSeconds: number;
}

const SIZE = String.raw`\d+(?:[.,]\d+)?[BKMGT]?`;
const HEAP_CHANGE = new RegExp(String.raw`(${SIZE})->(${SIZE})\((${SIZE})\)`);
const EDEN = new RegExp(
  String.raw`^Eden: (${SIZE})\(${SIZE}\)->(${SIZE})\(${SIZE}\) Survivors: (${SIZE})->(${SIZE}) Heap: (${SIZE})\(${SIZE}\)->(${SIZE})\((${SIZE})\)`,
);
const DURATION = /(\d+(?:[.,]\d+)?) secs\s*$/;
const CAUSE = /^\s*\(((?:[^()]|\([^()]*\))*)\)/;
const GC_LABEL = /^(?:Full GC|GC)(?![A-Za-z_-])/;
const SUBPHASE = /^GC [a-z]/;
const YOUNG_GEN = /^(PSYoungGen|ParNew|ASParNew|DefNew)\b/;
const OLD_GEN = /^(?:ParOldGen|PSOldGen|Tenured|ASCMS|CMS(?![-A-Za-z_]| Perm))/;
const CMS_PHASE = /^\d+ CMS-(initial-mark|remark)\b/;
const CMS_CONCURRENT = /^CMS-concurrent-([a-z-]+): (\d+[.,]\d+)\/(\d+[.,]\d+) secs/;
const G1_CONCURRENT = /^GC concurrent-([a-z-]+?)(?:-(start|end|abort))?(?=,|\s*$)/;
const PARALLEL_PROMOTION_FAILURE = /^(?:Full )?GC(?: \((?:[^()]|\(\))*\))?\s*--/;
const G1_FLAGS = new Set([
  'young',
  'mixed',
  'partial',
  'initial-mark',
  'to-space exhausted',
  'to-space overflow',
]);

/** The frame's text without leading blanks: what it starts with tells what it is. */
export function labelOf(frame: Frame): string {
  return frame.text.trimStart();
}

/** True when the frame starts like a pause record (so failing to read it is a parse error). */
export function looksLikePause(frame: Frame): boolean {
  const label = labelOf(frame);
  if (!GC_LABEL.test(label) || label.startsWith('GC concurrent-') || label.startsWith('GC Worker'))
    return false;
  return !SUBPHASE.test(label) || isG1Pause(label);
}

function isG1Pause(label: string): boolean {
  return label.startsWith('GC pause') || label.startsWith('GC remark') || label.startsWith('GC cleanup');
}

/** Duration at the end of the frame's own text (`, 0.0106548 secs`). */
export function durationOf(frame: Frame): number | undefined {
  const m = DURATION.exec(frame.text);
  return m?.[1] === undefined ? undefined : parseDecimal(m[1]);
}

/**
 * Reads a pause frame. Undefined when the frame is not a pause or cannot be read (the caller
 * tells them apart with `looksLikePause`).
 */
export function readPause(frame: Frame, knownCollector: GcCollector): PauseRecord | undefined {
  if (!looksLikePause(frame)) return undefined;
  const label = labelOf(frame);
  const total = durationOf(frame);
  if (total === undefined || !Number.isFinite(total)) return undefined;
  if (label.startsWith('GC pause')) return readG1Pause(label, total);
  if (label.startsWith('GC remark')) return g1Phase('remark', total);
  if (label.startsWith('GC cleanup')) return { ...g1Phase('cleanup', total), ...heapPart(label) };
  return readGenerationalPause(frame, label, total, knownCollector);
}

function g1Phase(type: GcPauseType, durationSeconds: number): PauseRecord {
  return { type, cause: '', durationSeconds, exhausted: false, awaitsEden: false, collector: 'G1' };
}

function readG1Pause(label: string, durationSeconds: number): PauseRecord {
  let rest = label.slice('GC pause'.length);
  let cause = '';
  let type: GcPauseType = 'young';
  let exhausted = false;
  for (let m = CAUSE.exec(rest); m; m = CAUSE.exec(rest)) {
    const group = m[1] ?? '';
    if (group === 'mixed' || group === 'partial') type = 'mixed';
    else if (group.startsWith('to-space')) exhausted = true;
    else if (!G1_FLAGS.has(group) && cause === '') cause = group;
    rest = rest.slice(m[0].length);
  }
  // Without PrintGCDetails an evacuation failure shows as `(young)--`.
  if (label.includes(')--')) exhausted = true;
  return { type, cause, durationSeconds, exhausted, awaitsEden: true, ...heapPart(label), collector: 'G1' };
}

interface PauseParts {
  young?: Frame;
  old?: Frame;
  cmsPhase?: string;
  /** Total duration of pauses printed inside this one (CMSScavengeBeforeRemark). */
  nestedSeconds: number;
}

function partsOf(frame: Frame): PauseParts {
  const parts: PauseParts = { nestedSeconds: 0 };
  for (const child of frame.children) {
    const label = labelOf(child);
    if (YOUNG_GEN.test(label)) parts.young ??= child;
    else if (OLD_GEN.test(label)) parts.old ??= child;
    else if (CMS_PHASE.test(label)) parts.cmsPhase = CMS_PHASE.exec(label)?.[1] ?? '';
    else if (looksLikePause(child)) parts.nestedSeconds += durationOf(child) ?? 0;
  }
  return parts;
}

function readGenerationalPause(
  frame: Frame,
  label: string,
  total: number,
  knownCollector: GcCollector,
): PauseRecord {
  const { young, old, cmsPhase, nestedSeconds } = partsOf(frame);
  const type = pauseType(label, cmsPhase, old !== undefined);
  const flags = deepText(frame);
  const record: PauseRecord = {
    type,
    cause: CAUSE.exec(label.slice(label.indexOf('GC') + 2))?.[1] ?? '',
    // CMSScavengeBeforeRemark runs a young collection inside the remark's safepoint and prints
    // it nested; it is reported as its own pause, so the remark keeps only the rest.
    durationSeconds: Math.max(0, total - nestedSeconds),
    exhausted:
      flags.includes('promotion failed') ||
      flags.includes('concurrent mode failure') ||
      PARALLEL_PROMOTION_FAILURE.test(label),
    awaitsEden:
      label.startsWith('Full GC') && young === undefined && old === undefined && knownCollector === 'G1',
  };
  const collector = cmsPhase ? 'CMS' : collectorOf(young, old);
  if (collector) record.collector = collector;
  if (type === 'initial_mark' || type === 'remark') return record;
  const heap = heapChange(label);
  const youngHeap = young ? heapChange(labelOf(young)) : undefined;
  if (heap && youngHeap) {
    heap.youngBeforeBytes = youngHeap.beforeBytes;
    heap.youngAfterBytes = youngHeap.afterBytes;
  }
  if (heap) record.heap = heap;
  return record;
}

function pauseType(label: string, cmsPhase: string | undefined, hasOld: boolean): GcPauseType {
  if (cmsPhase === 'initial-mark') return 'initial_mark';
  if (cmsPhase === 'remark') return 'remark';
  return hasOld || label.startsWith('Full GC') ? 'full' : 'young';
}

function collectorOf(young: Frame | undefined, old: Frame | undefined): GcCollector | undefined {
  const oldName = old ? labelOf(old) : '';
  if (oldName.startsWith('CMS') || oldName.startsWith('ASCMS')) return 'CMS';
  const youngName = young ? YOUNG_GEN.exec(labelOf(young))?.[1] : undefined;
  if (youngName === 'PSYoungGen') return 'Parallel';
  if (youngName === 'ParNew' || youngName === 'ASParNew') return 'CMS';
  if (youngName === 'DefNew') return 'Serial';
  if (oldName.startsWith('ParOldGen') || oldName.startsWith('PSOldGen')) return 'Parallel';
  if (oldName.startsWith('Tenured')) return 'Serial';
  return undefined;
}

function heapPart(text: string): { heap?: GcHeapChange } {
  const heap = heapChange(text);
  return heap ? { heap } : {};
}

/** The first `before->after(committed)` size change in `text`. */
export function heapChange(text: string): GcHeapChange | undefined {
  const m = HEAP_CHANGE.exec(text);
  if (!m) return undefined;
  const heap = {
    beforeBytes: parseSizeToBytes(m[1] ?? ''),
    afterBytes: parseSizeToBytes(m[2] ?? ''),
    committedBytes: parseSizeToBytes(m[3] ?? ''),
  };
  return Number.isFinite(heap.beforeBytes) && Number.isFinite(heap.afterBytes) ? heap : undefined;
}

/** Reads G1's `[Eden: ... Survivors: ... Heap: ...]` detail line. */
export function readEden(frame: Frame): GcHeapChange | undefined {
  const m = EDEN.exec(labelOf(frame));
  if (!m) return undefined;
  const [edenBefore, edenAfter, survBefore, survAfter, before, after, committed] = m
    .slice(1)
    .map((s) => parseSizeToBytes(s ?? ''));
  return {
    beforeBytes: before ?? Number.NaN,
    afterBytes: after ?? Number.NaN,
    committedBytes: committed ?? Number.NaN,
    youngBeforeBytes: (edenBefore ?? Number.NaN) + (survBefore ?? Number.NaN),
    youngAfterBytes: (edenAfter ?? Number.NaN) + (survAfter ?? Number.NaN),
  };
}

/**
 * Reads a concurrent phase. Undefined for anything else, including `-start` markers, which
 * carry no duration.
 */
export function readConcurrent(frame: Frame): ConcurrentRecord | undefined {
  const label = labelOf(frame);
  if (label.startsWith('CMS-concurrent-')) {
    // `cpu/wall secs`: the wall time is what the phase took.
    const m = CMS_CONCURRENT.exec(label);
    if (!m?.[1] || m[3] === undefined) return undefined;
    return { phase: m[1].replaceAll('-', '_'), durationSeconds: parseDecimal(m[3]) };
  }
  if (label.startsWith('GC concurrent-')) {
    const m = G1_CONCURRENT.exec(label);
    const duration = durationOf(frame);
    if (!m?.[1] || m[2] === 'start' || m[2] === 'abort' || duration === undefined) return undefined;
    return { phase: m[1].replaceAll('-', '_'), durationSeconds: duration };
  }
  return undefined;
}

/** The collector a frame that is not a pause still proves (concurrent phases, Eden lines). */
export function collectorHint(frame: Frame): GcCollector | undefined {
  const label = labelOf(frame);
  if (label.startsWith('CMS-concurrent-')) return 'CMS';
  if (label.startsWith('GC concurrent-') || label.startsWith('Eden: ')) return 'G1';
  return undefined;
}
