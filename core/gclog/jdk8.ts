/**
 * Parser for JDK 8 (and 7) `-XX:+PrintGCDetails` logs, with or without `PrintGCDateStamps`,
 * `PrintGCTimeStamps`, `PrintGCID`, `PrintGCCause`, `PrintHeapAtGC`, tenuring distribution,
 * CMS free-list statistics and G1 ergonomics. Covers Parallel, Serial, CMS and G1.
 */
import type { Frame } from './jdk8-frames.js';
import { createFrameScanner } from './jdk8-frames.js';
import { parseHeaderLine } from './jdk8-header.js';
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
  const stats: GcParseStats = { lines: 0, parseErrors: 0 };
  const scanner = createFrameScanner();
  let collector: GcCollector = 'unknown';
  let startKnown = false;
  let overflowsSeen = 0;
  // A G1 pause closes before its `[Eden: ...]` heap line is printed; it waits here for it.
  let pending: PendingPause | undefined;

  function flush(out: GcEvent[]): void {
    if (!pending) return;
    out.push(pending.event);
    if (pending.exhausted) out.push(exhaustedEvent(pending.event));
    pending = undefined;
  }

  function learnCollector(found: GcCollector | undefined, out: GcEvent[]): void {
    if (found === undefined || collector !== 'unknown') return;
    collector = found;
    out.push({ kind: 'jvm_info', collector: found });
  }

  function learnStart(stamp: Jdk8Stamp, out: GcEvent[]): void {
    if (startKnown || stamp.epochMs === undefined || stamp.uptimeSeconds === undefined) return;
    startKnown = true;
    out.push({ kind: 'jvm_info', startEpochMs: Math.round(stamp.epochMs - stamp.uptimeSeconds * 1000) });
  }

  function onHeader(line: string, out: GcEvent[]): boolean {
    const facts = parseHeaderLine(line);
    if (!facts) return false;
    if (facts.jvmVersion !== undefined) startKnown = false; // a new JVM wrote from here on
    if (facts.collector !== undefined) collector = facts.collector;
    out.push({ kind: 'jvm_info', ...facts });
    return true;
  }

  function onPause(frame: Frame, record: PauseRecord, out: GcEvent[]): void {
    const stamp = parseStamp(frame.prefix);
    learnCollector(record.collector, out);
    learnStart(stamp, out);
    const event = pauseEvent(record, stamp);
    if (record.awaitsEden && frame.depth === 0) {
      pending = { event, exhausted: record.exhausted };
      return;
    }
    out.push(event);
    if (record.exhausted) out.push(exhaustedEvent(event));
  }

  function onFrame(frame: Frame, out: GcEvent[]): void {
    const label = labelOf(frame);
    if (frame.depth === 0 && label.startsWith('Eden: ')) {
      const heap = readEden(frame);
      if (pending && heap && Number.isFinite(heap.beforeBytes)) pending.event.heap = heap;
      learnCollector('G1', out);
      flush(out);
      return;
    }
    if (frame.depth === 0 && label.startsWith('Times: ')) {
      flush(out);
      return;
    }
    const concurrent = readConcurrent(frame);
    if (concurrent) {
      flush(out);
      const stamp = parseStamp(frame.prefix);
      learnCollector(collectorHint(frame), out);
      learnStart(stamp, out);
      out.push({ kind: 'concurrent', ...timeOf(stamp), ...concurrent });
      return;
    }
    if (!looksLikePause(frame)) return;
    flush(out);
    const record = readPause(frame, collector);
    if (record) onPause(frame, record, out);
    else stats.parseErrors += 1;
  }

  return {
    format: 'jdk8',
    stats,
    push(line) {
      stats.lines += 1;
      const out: GcEvent[] = [];
      if (scanner.openDepth === 0) {
        // Outside a record only a line with a bracket can start one; the rest is noise
        // (heap printouts, tenuring tables, rotation banners) unless it is a header line.
        const first = line.charCodeAt(0);
        if ((first === 67 || first === 74 || first === 79) && onHeader(line, out)) return out;
        if (!line.includes('[')) return out;
      }
      for (const frame of scanner.push(line)) onFrame(frame, out);
      if (scanner.overflows !== overflowsSeen) {
        stats.parseErrors += scanner.overflows - overflowsSeen;
        overflowsSeen = scanner.overflows;
      }
      return out;
    },
    end() {
      const out: GcEvent[] = [];
      flush(out);
      if (scanner.reset()) stats.parseErrors += 1;
      return out;
    },
  };
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
