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
  return new OpenJ9Parser(options.utcOffsetMinutes ?? 0);
}

class OpenJ9Parser implements GcLogParser {
  readonly format = 'openj9';
  readonly stats: GcParseStats = { lines: 0, parseErrors: 0 };
  private pause: OpenPause | undefined;
  /** Inside `<gc-start>` (heap before) or `<gc-end>` (heap after). */
  private memSide: 'before' | 'after' | undefined;
  private memSeen = { heap: false, young: false };
  private info: GcJvmInfoEvent | undefined;
  private initMs: number | undefined;
  private nextCause = '';
  // End of a gencon global cycle's initial increment: its concurrent mark runs from there.
  private markSince: { ms: number; gcId?: number } | undefined;
  private readonly concurrentStarts = new Map<string, number>();
  private readonly handlers: ReadonlyMap<string, Handler>;

  constructor(private readonly utcOffsetMinutes: number) {
    const handlers: [string, Handler][] = [
      ['verbosegc', (t, o) => this.onVerbosegc(t, o)],
      ['initialized', (t, o) => this.onInitialized(t, o)],
      ['attribute', (t) => this.onAttribute(t)],
      ['concurrent-kickoff', () => this.onKickoff()],
      ['exclusive-start', (t) => this.onExclusiveStart(t)],
      ['sys-start', (t) => this.onSysStart(t)],
      ['cycle-start', (t) => this.onCycleStart(t)],
      ['gc-op', (t) => this.onGcOp(t)],
      ['exclusive-end', (t, o) => this.onExclusiveEnd(t, o)],
      ['gc-start', (t) => this.onIncrement(t, 'before')],
      ['gc-end', (t) => this.onIncrement(t, 'after')],
      ['mem-info', (t) => this.onMem(t, 'heap')],
      ['mem', (t) => this.onMem(t, 'young')],
      ['concurrent-start', (t) => this.onConcurrentStart(t)],
      ['concurrent-end', (t, o) => this.onConcurrentEnd(t, o)],
    ];
    for (const element of Object.keys(CAUSES))
      handlers.push([element, (t, o) => this.onTrigger(element, t, o)]);
    this.handlers = new Map(handlers);
  }

  push(line: string): GcEvent[] {
    this.stats.lines += 1;
    const out: GcEvent[] = [];
    for (const tag of tagsOf(line)) {
      if (!tag.closing || END_TAGS_HANDLED.has(tag.name)) this.handlers.get(tag.name)?.(tag, out);
    }
    return out;
  }

  end(): GcEvent[] {
    if (this.pause) this.stats.parseErrors += 1; // truncated: the pause's end (and duration) is missing
    this.pause = undefined;
    return [];
  }

  private time(tag: XmlTag): number {
    return parseTimestamp(attrs(tag).get('timestamp'), this.utcOffsetMinutes);
  }

  private onVerbosegc(tag: XmlTag, out: GcEvent[]): void {
    const version = attrs(tag).get('version');
    if (version) out.push({ kind: 'jvm_info', jvmVersion: version });
  }

  private onInitialized(tag: XmlTag, out: GcEvent[]): void {
    if (tag.closing) {
      if (this.info) out.push(this.info);
      this.info = undefined;
      return;
    }
    this.info = { kind: 'jvm_info' };
    const at = this.time(tag);
    if (Number.isFinite(at)) {
      this.initMs = at;
      this.info.startEpochMs = at;
    }
  }

  private onAttribute(tag: XmlTag): void {
    if (!this.info) return;
    const a = attrs(tag);
    const value = a.get('value') ?? '';
    if (a.get('name') === 'gcPolicy') this.info.collector = policyOf(value);
    if (a.get('name') === 'maxHeapSize' && Number.isFinite(parseBytes(value))) {
      this.info.maxHeapBytes = parseBytes(value);
    }
  }

  private onExclusiveStart(tag: XmlTag): void {
    if (this.pause) this.stats.parseErrors += 1; // the previous pause never ended
    const id = idOf(attrs(tag).get('id'));
    this.pause = {
      startMs: this.time(tag),
      cause: this.nextCause,
      globalCycleStarted: false,
      sawGcStart: false,
    };
    if (id !== undefined) this.pause.id = id;
    this.nextCause = '';
  }

  private onSysStart(tag: XmlTag): void {
    const reason = attrs(tag).get('reason') ?? 'explicit';
    if (this.pause?.cause === '') this.pause.cause = reason === 'explicit' ? 'System.gc()' : reason;
  }

  private onTrigger(element: string, tag: XmlTag, out: GcEvent[]): void {
    if (!this.pause) return;
    if (this.pause.cause === '') this.pause.cause = CAUSES[element] ?? '';
    if (!element.startsWith('concurrent-') || !this.markSince) return;
    const at = this.time(tag);
    if (Number.isFinite(at) && Number.isFinite(this.markSince.ms)) {
      out.push(this.concurrentEvent('mark', this.markSince.ms, at, this.markSince.gcId));
    }
    this.markSince = undefined;
  }

  private onKickoff(): void {
    // Printed just before the pause that starts the concurrent global cycle.
    this.nextCause = 'Concurrent Kickoff';
  }

  private onGcOp(tag: XmlTag): void {
    if (this.pause) this.pause.opType = worse(this.pause.opType, pauseTypeOf(attrs(tag).get('type')));
  }

  private onCycleStart(tag: XmlTag): void {
    if (!this.pause) return;
    const a = attrs(tag);
    this.pause.cycleType = worse(this.pause.cycleType, pauseTypeOf(a.get('type')));
    if (a.get('type') === 'global') this.pause.globalCycleStarted = true;
    setGcId(this.pause, a.get('id'));
  }

  private onExclusiveEnd(tag: XmlTag, out: GcEvent[]): void {
    const seconds = msToSeconds(Number(attrs(tag).get('durationms')));
    const pause = this.pause;
    this.pause = undefined;
    if (!pause || !Number.isFinite(seconds)) {
      this.stats.parseErrors += 1;
      return;
    }
    out.push(finishPause(pause, seconds, this.initMs));
    if (pause.globalCycleStarted && !pause.sawGcStart) {
      this.markSince = { ms: this.time(tag) };
      if (pause.gcId !== undefined) this.markSince.gcId = pause.gcId;
    }
  }

  private onIncrement(tag: XmlTag, side: 'before' | 'after'): void {
    this.memSide = tag.closing ? undefined : side;
    this.memSeen = { heap: false, young: false };
    if (tag.closing || side === 'after' || !this.pause) return;
    const a = attrs(tag);
    this.pause.sawGcStart = true;
    this.pause.incrementType = worse(this.pause.incrementType, pauseTypeOf(a.get('type')));
    setGcId(this.pause, a.get('contextid'));
  }

  /** The first `<mem-info>` (whole heap) and `<mem type="nursery|eden">` of an increment. */
  private onMem(tag: XmlTag, what: 'heap' | 'young'): void {
    const pause = this.pause;
    if (!pause || !this.memSide || this.memSeen[what]) return;
    if (what === 'young' && !YOUNG_AREAS.has(attrs(tag).get('type') ?? '')) return;
    this.memSeen[what] = true;
    const snap = snapshot(tag);
    if (!snap) return;
    const [beforeKey, afterKey] =
      what === 'heap' ? (['heapBefore', 'heapAfter'] as const) : (['youngBefore', 'youngAfter'] as const);
    if (this.memSide === 'after') pause[afterKey] = snap;
    else pause[beforeKey] ??= snap;
  }

  private onConcurrentStart(tag: XmlTag): void {
    const a = attrs(tag);
    this.concurrentStarts.set(`${a.get('type')}|${a.get('contextid')}`, this.time(tag));
  }

  private onConcurrentEnd(tag: XmlTag, out: GcEvent[]): void {
    const a = attrs(tag);
    const key = `${a.get('type')}|${a.get('contextid')}`;
    const from = this.concurrentStarts.get(key);
    this.concurrentStarts.delete(key);
    const to = this.time(tag);
    if (from === undefined || !Number.isFinite(from) || !Number.isFinite(to)) return;
    out.push(this.concurrentEvent(phaseOf(a.get('type')), from, to, idOf(a.get('contextid'))));
  }

  private concurrentEvent(phase: string, fromMs: number, toMs: number, gcId?: number): GcConcurrentEvent {
    const event: GcConcurrentEvent = {
      kind: 'concurrent',
      phase,
      durationSeconds: msToSeconds(toMs - fromMs),
    };
    event.epochMs = fromMs;
    if (this.initMs !== undefined) event.uptimeSeconds = (fromMs - this.initMs) / 1000;
    if (gcId !== undefined) event.gcId = gcId;
    return event;
  }
}

// gencon and the older policies report the young area as `nursery`, balanced as `eden`.
const YOUNG_AREAS: ReadonlySet<string> = new Set(['nursery', 'eden']);

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
