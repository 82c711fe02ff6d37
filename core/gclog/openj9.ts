/**
 * Parser for OpenJ9 / IBM J9 verbose GC logs (`-Xverbosegclog`, XML, R26+ and the 0.x
 * releases). A pause is one `<exclusive-start>` ... `<exclusive-end durationms=...>` span;
 * concurrent work is reported where the log lets us time it. Streams line by line.
 */
import type { MemSnapshot, OpenPause } from './openj9-pause.js';
import { finishPause, pauseTypeOf, worse } from './openj9-pause.js';
import type { XmlTag } from './openj9-xml.js';
import { attrs, parseBytes, parseTimestamp, tagsOf } from './openj9-xml.js';
import type {
  GcCollector,
  GcConcurrentEvent,
  GcEvent,
  GcJvmInfoEvent,
  GcLogParser,
  GcParseStats,
} from './types.js';

/** Options of `createOpenJ9Parser`. */
export interface OpenJ9ParserOptions {
  /**
   * Offset from UTC, in minutes, of the local time OpenJ9 writes in `timestamp` attributes
   * (they carry no zone). Pods usually run in UTC; set it when they run with a `TZ`.
   * @default 0
   */
  utcOffsetMinutes?: number;
}

type Handler = (tag: XmlTag, out: GcEvent[]) => void;

// Elements whose end tag matters; every other handler acts on the start tag only.
const END_TAGS_HANDLED: ReadonlySet<string> = new Set(['initialized', 'gc-start', 'gc-end']);

const POLICIES: ReadonlySet<string> = new Set([
  'gencon',
  'balanced',
  'optthruput',
  'optavgpause',
  'metronome',
]);

// What started a pause, named like HotSpot's causes where there is an equivalent.
const CAUSES: Readonly<Record<string, string>> = {
  'af-start': 'Allocation Failure',
  'allocation-taxation': 'Allocation Taxation',
  'concurrent-collection-start': 'Concurrent Final',
  'concurrent-global-final': 'Concurrent Final',
};

/** Creates an incremental parser for one OpenJ9 verbose GC log. */
export function createOpenJ9Parser(options: OpenJ9ParserOptions = {}): GcLogParser {
  const offset = options.utcOffsetMinutes ?? 0;
  const stats: GcParseStats = { lines: 0, parseErrors: 0 };
  let pause: OpenPause | undefined;
  let memSide: 'before' | 'after' | undefined;
  let memSeen = { heap: false, young: false };
  let info: GcJvmInfoEvent | undefined;
  let initMs: number | undefined;
  let nextCause = '';
  // End of a gencon global cycle's initial increment: its concurrent mark runs from there.
  let markSince: { ms: number; gcId?: number } | undefined;
  const concurrentStarts = new Map<string, number>();

  const time = (tag: XmlTag, name = 'timestamp'): number => parseTimestamp(attrs(tag).get(name), offset);

  function concurrentEvent(phase: string, fromMs: number, toMs: number, gcId?: number): GcConcurrentEvent {
    const event: GcConcurrentEvent = {
      kind: 'concurrent',
      phase,
      durationSeconds: msToSeconds(toMs - fromMs),
    };
    event.epochMs = fromMs;
    if (initMs !== undefined) event.uptimeSeconds = (fromMs - initMs) / 1000;
    if (gcId !== undefined && Number.isFinite(gcId)) event.gcId = gcId;
    return event;
  }

  const headerHandlers: Record<string, Handler> = {
    verbosegc(tag, out) {
      const version = attrs(tag).get('version');
      if (version) out.push({ kind: 'jvm_info', jvmVersion: version });
    },
    initialized(tag, out) {
      if (tag.closing) {
        if (info) out.push(info);
        info = undefined;
        return;
      }
      info = { kind: 'jvm_info' };
      const at = time(tag);
      if (Number.isFinite(at)) {
        initMs = at;
        info.startEpochMs = at;
      }
    },
    attribute(tag) {
      if (!info) return;
      const a = attrs(tag);
      const value = a.get('value') ?? '';
      if (a.get('name') === 'gcPolicy') info.collector = policyOf(value);
      if (a.get('name') === 'maxHeapSize' && Number.isFinite(parseBytes(value)))
        info.maxHeapBytes = parseBytes(value);
    },
  };

  const pauseHandlers: Record<string, Handler> = {
    'concurrent-kickoff'() {
      nextCause = 'Concurrent Kickoff';
    },
    'exclusive-start'(tag) {
      if (pause) stats.parseErrors += 1; // the previous pause never ended
      const id = Number(attrs(tag).get('id'));
      pause = { startMs: time(tag), cause: nextCause, globalCycleStarted: false, sawGcStart: false };
      if (Number.isFinite(id)) pause.id = id;
      nextCause = '';
    },
    'sys-start'(tag) {
      const reason = attrs(tag).get('reason') ?? 'explicit';
      if (pause && pause.cause === '') pause.cause = reason === 'explicit' ? 'System.gc()' : reason;
    },
    'cycle-start'(tag) {
      if (!pause) return;
      const a = attrs(tag);
      pause.cycleType = worse(pause.cycleType, pauseTypeOf(a.get('type')));
      if (a.get('type') === 'global') pause.globalCycleStarted = true;
      setGcId(pause, a.get('id'));
    },
    'gc-op'(tag) {
      if (pause) pause.opType = worse(pause.opType, pauseTypeOf(attrs(tag).get('type')));
    },
    'exclusive-end'(tag, out) {
      const seconds = msToSeconds(Number(attrs(tag).get('durationms')));
      if (!pause || !Number.isFinite(seconds)) {
        stats.parseErrors += 1;
        pause = undefined;
        return;
      }
      out.push(finishPause(pause, seconds, initMs));
      if (pause.globalCycleStarted && !pause.sawGcStart) {
        markSince = { ms: time(tag) };
        if (pause.gcId !== undefined) markSince.gcId = pause.gcId;
      }
      pause = undefined;
    },
  };
  for (const element of Object.keys(CAUSES)) {
    pauseHandlers[element] = (tag, out) => onTrigger(element, tag, out);
  }

  function onTrigger(element: string, tag: XmlTag, out: GcEvent[]): void {
    if (!pause) return;
    if (pause.cause === '') pause.cause = CAUSES[element] ?? '';
    if (element.startsWith('concurrent-') && markSince) {
      const at = time(tag);
      if (Number.isFinite(at) && Number.isFinite(markSince.ms)) {
        out.push(concurrentEvent('mark', markSince.ms, at, markSince.gcId));
      }
      markSince = undefined;
    }
  }

  const memHandlers: Record<string, Handler> = {
    'gc-start'(tag) {
      memSide = tag.closing ? undefined : 'before';
      memSeen = { heap: false, young: false };
      if (tag.closing || !pause) return;
      const a = attrs(tag);
      pause.sawGcStart = true;
      pause.incrementType = worse(pause.incrementType, pauseTypeOf(a.get('type')));
      setGcId(pause, a.get('contextid'));
    },
    'gc-end'(tag) {
      memSide = tag.closing ? undefined : 'after';
      memSeen = { heap: false, young: false };
    },
    'mem-info'(tag) {
      if (!pause || !memSide || memSeen.heap) return;
      memSeen.heap = true;
      const snap = snapshot(tag);
      if (!snap) return;
      if (memSide === 'after') pause.heapAfter = snap;
      else pause.heapBefore ??= snap;
    },
    mem(tag) {
      if (!pause || !memSide || memSeen.young) return;
      const type = attrs(tag).get('type');
      if (type !== 'nursery' && type !== 'eden') return;
      memSeen.young = true;
      const snap = snapshot(tag);
      if (!snap) return;
      if (memSide === 'after') pause.youngAfter = snap;
      else pause.youngBefore ??= snap;
    },
  };

  const concurrentHandlers: Record<string, Handler> = {
    'concurrent-start'(tag) {
      const a = attrs(tag);
      concurrentStarts.set(`${a.get('type')}|${a.get('contextid')}`, time(tag));
    },
    'concurrent-end'(tag, out) {
      const a = attrs(tag);
      const key = `${a.get('type')}|${a.get('contextid')}`;
      const from = concurrentStarts.get(key);
      concurrentStarts.delete(key);
      const to = time(tag);
      if (from === undefined || !Number.isFinite(from) || !Number.isFinite(to)) return;
      out.push(concurrentEvent(phaseOf(a.get('type')), from, to, idOf(a.get('contextid'))));
    },
  };

  const handlers = new Map<string, Handler>(
    Object.entries({ ...headerHandlers, ...pauseHandlers, ...memHandlers, ...concurrentHandlers }),
  );

  return {
    format: 'openj9',
    stats,
    push(line) {
      stats.lines += 1;
      const out: GcEvent[] = [];
      for (const tag of tagsOf(line)) {
        if (!tag.closing || END_TAGS_HANDLED.has(tag.name)) handlers.get(tag.name)?.(tag, out);
      }
      return out;
    },
    end() {
      if (pause) stats.parseErrors += 1; // truncated: the pause's end (and duration) is missing
      pause = undefined;
      return [];
    },
  };
}

/** Milliseconds with µs precision (as OpenJ9 prints them) to seconds, without float noise. */
function msToSeconds(ms: number): number {
  return Math.round(ms * 1000) / 1e6;
}

function policyOf(value: string): GcCollector {
  const policy = value.slice(value.indexOf(':') + 1);
  return POLICIES.has(policy) ? (policy as GcCollector) : 'unknown';
}

function setGcId(pause: OpenPause, text: string | undefined): void {
  const id = idOf(text);
  if (pause.gcId === undefined && id !== undefined) pause.gcId = id;
}

function idOf(text: string | undefined): number | undefined {
  const id = Number(text);
  return text === undefined || text === '' || !Number.isFinite(id) ? undefined : id;
}

function snapshot(tag: XmlTag): MemSnapshot | undefined {
  const a = attrs(tag);
  const free = Number(a.get('free'));
  const total = Number(a.get('total'));
  if (!Number.isFinite(free) || !Number.isFinite(total) || a.get('total') === undefined) return undefined;
  return { usedBytes: total - free, totalBytes: total };
}

function phaseOf(type: string | undefined): string {
  const name = (type ?? 'unknown').replace(/^concurrent /, '');
  return name.toLowerCase().replaceAll(/[^a-z0-9]+/g, '_');
}
