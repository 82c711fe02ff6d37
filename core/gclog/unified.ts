/**
 * Parser for JDK 9+ unified GC logging (`-Xlog:gc`, `-Xlog:gc*`), any decorator set, every
 * HotSpot collector (G1, Parallel, Serial, CMS, ZGC single-generation and generational,
 * Shenandoah, Epsilon). Lines are classified with cheap character checks on the message; only
 * GC summary lines (a few percent of a `gc*` log) reach the slower parsing code.
 */
import type { GcCollector, GcEvent, GcLogParser, GcParseStats, GcTime } from './types.js';
import { findMessageStart, readLineTime } from './unified-decorators.js';
import type { MessageOutcome, ZGeneration } from './unified-events.js';
import { parseAllocationStall, parseGcMessage } from './unified-events.js';
import type { JvmFacts } from './unified-info.js';
import { inferCollector, parseJvmFacts } from './unified-info.js';
import { NO_EVENTS, PendingFull } from './unified-nesting.js';

const CH_SPACE = 0x20;
const CH_CLOSE_PAREN = 0x29;
const CH_COLON = 0x3a;
const CH_A = 0x41;
const CH_C = 0x43;
const CH_G = 0x47;
const CH_H = 0x48;
const CH_M = 0x4d;
const CH_O = 0x4f;
const CH_P = 0x50;
const CH_T = 0x54;
const CH_U = 0x55;
const CH_V = 0x56;
const CH_Y = 0x59;
const CH_LOWER_Y = 0x79;
const CH_CR = 0x0d;
const CH_LOWER_M = 0x6d;
const CH_LOWER_N = 0x6e;
const CH_LOWER_S = 0x73;
const CH_LOWER_U = 0x75;
const CH_MICRO = 0xb5;

/** True when the message at `at` opens one of the GC event shapes this parser reads. */
function isEventMarker(line: string, at: number): boolean {
  switch (line.charCodeAt(at)) {
    case CH_P:
      return line.startsWith('Pause ', at);
    case CH_C:
      return line.startsWith('Concurrent ', at);
    case CH_G:
      return line.startsWith('Garbage Collection', at);
    case CH_M:
      return line.startsWith('Major Collection', at) || line.startsWith('Minor Collection', at);
    case CH_T:
      return line.startsWith('To-space exhausted', at);
    case CH_A:
      return line.startsWith('Allocation Stall', at);
    default:
      return false;
  }
}

/**
 * True for a pause/phase/collection line without figures (`[gc,start] GC(6) Pause Young (Normal)
 * (G1 Evacuation Pause)`, `Concurrent Mark From Roots`): the start of something whose summary
 * comes later. Checked from the line end so that start lines cost no parsing.
 */
function isStartLine(line: string, at: number): boolean {
  const first = line.charCodeAt(at);
  if (first === CH_T || first === CH_A) return false;
  return !endsWithDuration(line) && !line.includes('->', at);
}

/** `...6.529ms`, `...0.100s`, `...12us`, `...3ns`: a digit, a unit, the end of the line. */
function endsWithDuration(line: string): boolean {
  let pos = line.length - 1;
  if (line.charCodeAt(pos) !== CH_LOWER_S) return false;
  pos -= 1;
  const unit = line.charCodeAt(pos);
  if (unit === CH_LOWER_M || unit === CH_LOWER_U || unit === CH_LOWER_N || unit === CH_MICRO) pos -= 1;
  const digit = line.charCodeAt(pos);
  return digit >= 0x30 && digit <= 0x39;
}

/** Generational ZGC phase prefix (`Y: `, `y: `, `O: `) at `at`, if any. */
function generationAt(line: string, at: number): ZGeneration | undefined {
  if (line.charCodeAt(at + 1) !== CH_COLON || line.charCodeAt(at + 2) !== CH_SPACE) return undefined;
  const ch = line.charCodeAt(at);
  if (ch === CH_Y || ch === CH_LOWER_Y) return 'young';
  return ch === CH_O ? 'old' : undefined;
}

function stamp<T extends GcTime>(target: T, time: GcTime): T {
  if (time.uptimeSeconds !== undefined) target.uptimeSeconds = time.uptimeSeconds;
  if (time.epochMs !== undefined) target.epochMs = time.epochMs;
  return target;
}

class UnifiedParser implements GcLogParser {
  readonly format = 'unified' as const;
  readonly stats: GcParseStats = { lines: 0, parseErrors: 0 };
  private readonly nesting = new PendingFull();
  private collector: GcCollector | undefined;
  private jvmVersion: string | undefined;
  private maxHeapBytes: number | undefined;
  private startKnown = false;

  push(rawLine: string): GcEvent[] {
    this.stats.lines += 1;
    const line = rawLine.charCodeAt(rawLine.length - 1) === CH_CR ? rawLine.slice(0, -1) : rawLine;
    const msg = findMessageStart(line);
    const first = line.charCodeAt(msg);
    if (first === CH_G && line.startsWith('GC(', msg)) return this.onGcLine(line, msg);
    const flushed = this.nesting.onPlainLine();
    if (first !== CH_A && first !== CH_U && first !== CH_V && first !== CH_H && first !== CH_M)
      return flushed;
    const out = flushed.length > 0 ? [...flushed] : [];
    this.onPlainLine(line, msg, first, out);
    return out.length > 0 ? out : NO_EVENTS;
  }

  end(): GcEvent[] {
    return this.nesting.flush();
  }

  /** A line whose message starts with `GC(`: an event summary, a start line or a detail line. */
  private onGcLine(line: string, msg: number): GcEvent[] {
    let pos = msg + 3;
    let gcId = 0;
    const digitsFrom = pos;
    for (let ch = line.charCodeAt(pos); ch >= 0x30 && ch <= 0x39; ch = line.charCodeAt(pos)) {
      gcId = gcId * 10 + (ch - 0x30);
      pos += 1;
    }
    if (pos === digitsFrom || line.charCodeAt(pos) !== CH_CLOSE_PAREN) return this.nesting.onPlainLine();
    pos += line.charCodeAt(pos + 1) === CH_SPACE ? 2 : 1;
    const generation = generationAt(line, pos);
    if (generation) pos += 3;
    if (!isEventMarker(line, pos)) return this.nesting.onDetailLine(gcId);
    const outcome: MessageOutcome = isStartLine(line, pos)
      ? 'skip'
      : parseGcMessage(line.slice(pos), gcId, generation);
    if (outcome === 'error') {
      this.stats.parseErrors += 1;
      return this.nesting.onDetailLine(gcId);
    }
    if (outcome === 'skip') {
      if (line.startsWith('Pause ', pos)) this.nesting.onStartLine(gcId, line.startsWith('Pause Young', pos));
      return this.nesting.onDetailLine(gcId);
    }
    const out: GcEvent[] = [];
    const generational =
      generation !== undefined ||
      line.startsWith('Major Collection', pos) ||
      line.startsWith('Minor Collection', pos);
    this.stampAndLearn(line, msg, outcome, generational, out);
    return this.nesting.onEvent(gcId, outcome, out);
  }

  /** Lines without a GC id: JVM facts, and ZGC allocation stalls up to JDK 17. */
  private onPlainLine(line: string, msg: number, first: number, out: GcEvent[]): void {
    if (first === CH_A) {
      if (!line.startsWith('Allocation Stall', msg)) return;
      const outcome = parseAllocationStall(line.slice(msg));
      if (outcome === 'error') this.stats.parseErrors += 1;
      else if (outcome !== 'skip') {
        this.stampAndLearn(line, msg, outcome, false, out);
        out.push(outcome);
      }
      return;
    }
    const facts = parseJvmFacts(line.slice(msg));
    if (facts) this.learn(facts, readLineTime(line, msg), out);
  }

  /**
   * Puts the line's clock on `event`, then queues in `out` any JVM fact the event teaches (the
   * collector when no `Using` line was seen, the JVM start from date minus uptime). The event
   * itself is appended by the caller after nesting is resolved.
   */
  private stampAndLearn(
    line: string,
    msg: number,
    event: GcEvent,
    generational: boolean,
    out: GcEvent[],
  ): void {
    const time = readLineTime(line, msg);
    stamp(event, time);
    let collector: GcCollector | undefined;
    if (generational) collector = this.collector === 'ZGC-generational' ? undefined : 'ZGC-generational';
    else if (this.collector === undefined) collector = inferCollector(event);
    this.learn(collector ? { collector } : {}, time, out);
  }

  /** Emits one `jvm_info` with whatever is new in `facts` and the JVM start time. */
  private learn(facts: JvmFacts, time: GcTime, out: GcEvent[]): void {
    const info: GcEvent = { kind: 'jvm_info' };
    let news = false;
    // A `Using The Z Garbage Collector` line must not undo what `Y:`/`O:` phases proved.
    const downgrade = facts.collector === 'ZGC' && this.collector === 'ZGC-generational';
    if (facts.collector !== undefined && facts.collector !== this.collector && !downgrade) {
      this.collector = info.collector = facts.collector;
      news = true;
    }
    if (facts.jvmVersion !== undefined && facts.jvmVersion !== this.jvmVersion) {
      this.jvmVersion = info.jvmVersion = facts.jvmVersion;
      news = true;
    }
    if (facts.maxHeapBytes !== undefined && facts.maxHeapBytes !== this.maxHeapBytes) {
      this.maxHeapBytes = info.maxHeapBytes = facts.maxHeapBytes;
      news = true;
    }
    if (!this.startKnown && time.epochMs !== undefined && time.uptimeSeconds !== undefined) {
      this.startKnown = true;
      info.startEpochMs = Math.round(time.epochMs - time.uptimeSeconds * 1e3);
      news = true;
    }
    if (news) out.push(stamp(info, time));
  }
}

/** Creates an incremental parser for one unified-logging file or rotation chain. */
export function createUnifiedParser(): GcLogParser {
  return new UnifiedParser();
}
