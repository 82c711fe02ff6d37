/**
 * Parser for JDK 8 (and 7) `-XX:+PrintGCDetails` logs, with or without `PrintGCDateStamps`,
 * `PrintGCTimeStamps`, `PrintGCID`, `PrintGCCause`, `PrintHeapAtGC`, tenuring distribution,
 * CMS free-list statistics and G1 ergonomics. Covers Parallel, Serial, CMS, G1 and the
 * Shenandoah backport.
 */
import type { Frame } from './jdk8-frames.js';
import { createFrameScanner } from './jdk8-frames.js';
import { parseHeaderLine } from './jdk8-header.js';
import {
  isShenandoahPause,
  isStartMarker,
  readShenandoahConcurrent,
  readShenandoahPause,
} from './jdk8-shenandoah.js';
import type { PauseRecord } from './jdk8-records.js';
import {
  collectorHint,
  labelOf,
  looksLikePause,
  readConcurrent,
  readEden,
  readPause,
} from './jdk8-records.js';
import type { Jdk8Stamp } from './jdk8-time.js';
import { parseStamp } from './jdk8-time.js';
import type { GcCollector, GcEvent, GcLogParser, GcParseStats, GcPauseEvent } from './types.js';

interface PendingPause {
  event: GcPauseEvent;
  exhausted: boolean;
}

/** Creates an incremental parser for one JDK 8 GC log (or one rotation chain of them). */
export function createJdk8Parser(): GcLogParser {
  return new Jdk8Parser();
}

// Header lines start with "CommandLine flags", "Java HotSpot" or "OpenJDK".
const HEADER_FIRST_CHARS = new Set(['C', 'J', 'O']);

class Jdk8Parser implements GcLogParser {
  readonly format = 'jdk8';
  readonly stats: GcParseStats = { lines: 0, parseErrors: 0 };
  private readonly scanner = createFrameScanner();
  private collector: GcCollector = 'unknown';
  private startKnown = false;
  private overflowsSeen = 0;
  // A G1 pause closes before its `[Eden: ...]` heap line is printed; it waits here for it.
  private pending: PendingPause | undefined;

  push(line: string): GcEvent[] {
    this.stats.lines += 1;
    const out: GcEvent[] = [];
    if (this.scanner.openDepth === 0) {
      // Outside a record only a line with a bracket can start one; the rest is noise
      // (heap printouts, tenuring tables, rotation banners) unless it is a header line.
      if (HEADER_FIRST_CHARS.has(line.charAt(0)) && this.onHeader(line, out)) return out;
      if (!line.includes('[')) return out;
    }
    for (const frame of this.scanner.push(line)) this.onFrame(frame, out);
    if (this.scanner.overflows !== this.overflowsSeen) {
      this.stats.parseErrors += this.scanner.overflows - this.overflowsSeen;
      this.overflowsSeen = this.scanner.overflows;
    }
    return out;
  }

  end(): GcEvent[] {
    const out: GcEvent[] = [];
    this.flush(out);
    if (this.scanner.reset()) this.stats.parseErrors += 1;
    return out;
  }

  private onHeader(line: string, out: GcEvent[]): boolean {
    const facts = parseHeaderLine(line);
    if (!facts) return false;
    if (facts.jvmVersion !== undefined) this.startKnown = false; // a new JVM wrote from here on
    if (facts.collector !== undefined) this.collector = facts.collector;
    out.push({ kind: 'jvm_info', ...facts });
    return true;
  }

  private onFrame(frame: Frame, out: GcEvent[]): void {
    const label = labelOf(frame);
    if (frame.depth === 0 && label.startsWith('Eden: ')) {
      const heap = readEden(frame);
      if (this.pending && heap && Number.isFinite(heap.beforeBytes)) this.pending.event.heap = heap;
      this.learnCollector('G1', out);
      this.flush(out);
      return;
    }
    if (frame.depth === 0 && label.startsWith('Times: ')) {
      this.flush(out);
      return;
    }
    if (isShenandoahPause(frame) || label.startsWith('Concurrent ')) {
      this.onShenandoah(frame, out);
      return;
    }
    const concurrent = readConcurrent(frame);
    if (concurrent) {
      this.flush(out);
      const stamp = parseStamp(frame.prefix);
      this.learnCollector(collectorHint(frame), out);
      this.learnStart(stamp, out);
      out.push({ kind: 'concurrent', ...timeOf(stamp), ...concurrent });
      return;
    }
    if (!looksLikePause(frame)) return;
    this.flush(out);
    const record = readPause(frame, this.collector);
    if (record) this.onPause(frame, record, out);
    else this.stats.parseErrors += 1;
  }

  private onShenandoah(frame: Frame, out: GcEvent[]): void {
    if (isStartMarker(frame)) return;
    if (isShenandoahPause(frame)) {
      const record = readShenandoahPause(frame);
      if (record) this.onPause(frame, record, out);
      else this.stats.parseErrors += 1;
      return;
    }
    const concurrent = readShenandoahConcurrent(frame);
    if (!concurrent) return;
    const stamp = parseStamp(frame.prefix);
    this.learnCollector('Shenandoah', out);
    this.learnStart(stamp, out);
    out.push({ kind: 'concurrent', ...timeOf(stamp), ...concurrent });
  }

  private onPause(frame: Frame, record: PauseRecord, out: GcEvent[]): void {
    const stamp = parseStamp(frame.prefix);
    this.learnCollector(record.collector, out);
    this.learnStart(stamp, out);
    const event = pauseEvent(record, stamp);
    if (record.awaitsEden && frame.depth === 0) {
      this.pending = { event, exhausted: record.exhausted };
      return;
    }
    out.push(event);
    if (record.exhausted) out.push(exhaustedEvent(event));
  }

  private flush(out: GcEvent[]): void {
    if (!this.pending) return;
    out.push(this.pending.event);
    if (this.pending.exhausted) out.push(exhaustedEvent(this.pending.event));
    this.pending = undefined;
  }

  private learnCollector(found: GcCollector | undefined, out: GcEvent[]): void {
    if (found === undefined || this.collector !== 'unknown') return;
    this.collector = found;
    out.push({ kind: 'jvm_info', collector: found });
  }

  private learnStart(stamp: Jdk8Stamp, out: GcEvent[]): void {
    if (this.startKnown || stamp.epochMs === undefined || stamp.uptimeSeconds === undefined) return;
    this.startKnown = true;
    out.push({ kind: 'jvm_info', startEpochMs: Math.round(stamp.epochMs - stamp.uptimeSeconds * 1000) });
  }
}

function timeOf(stamp: Jdk8Stamp): Jdk8Stamp {
  const time: Jdk8Stamp = {};
  if (stamp.uptimeSeconds !== undefined) time.uptimeSeconds = stamp.uptimeSeconds;
  if (stamp.epochMs !== undefined) time.epochMs = stamp.epochMs;
  if (stamp.gcId !== undefined) time.gcId = stamp.gcId;
  return time;
}

function pauseEvent(record: PauseRecord, stamp: Jdk8Stamp): GcPauseEvent {
  const event: GcPauseEvent = {
    kind: 'pause',
    ...timeOf(stamp),
    type: record.type,
    cause: record.cause,
    durationSeconds: record.durationSeconds,
  };
  if (record.heap) event.heap = record.heap;
  return event;
}

function exhaustedEvent(pause: GcPauseEvent): GcEvent {
  const event: GcEvent = { kind: 'to_space_exhausted' };
  if (pause.uptimeSeconds !== undefined) event.uptimeSeconds = pause.uptimeSeconds;
  if (pause.epochMs !== undefined) event.epochMs = pause.epochMs;
  if (pause.gcId !== undefined) event.gcId = pause.gcId;
  return event;
}
