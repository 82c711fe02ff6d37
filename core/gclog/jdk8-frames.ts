/**
 * Bracket structure of JDK 8 `-XX:+PrintGCDetails` output. Every record HotSpot 8 prints is a
 * balanced `[...]` group whose sub-groups are generations (`[PSYoungGen: ...]`), phases
 * (`[Rescan (parallel) , ...]`) or output of other threads that got interleaved into it
 * (`[CMS-concurrent-mark: ...]` in the middle of a Full GC). Reading the log as nested frames
 * instead of as lines is what lets one parser survive records that span lines, tenuring and
 * free-list statistics printed inside them, and concurrent lines breaking them up.
 */

/** One closed `[...]` group. */
export interface Frame {
  /** Text directly inside the brackets, with the child groups cut out (lines joined by `\n`). */
  readonly text: string;
  /** Groups nested directly inside, in order. */
  readonly children: readonly Frame[];
  /** Text between the previous bracket (or the line start) and the opening `[`: timestamps. */
  readonly prefix: string;
  /** 0 for a group at the top level of the log. */
  readonly depth: number;
}

interface OpenFrame {
  text: string;
  children: Frame[];
  prefix: string;
}

/** Streaming splitter of log lines into closed frames. */
export interface FrameScanner {
  /** Feeds one line; returns the frames it closed, innermost first, in closing order. */
  push(line: string): Frame[];
  /** Number of frames still open (a record not yet complete). */
  readonly openDepth: number;
  /** Drops every open frame; returns true when something was dropped. */
  reset(): boolean;
  /** How many times an oversized open record was dropped on its own. */
  readonly overflows: number;
}

// PrintHeapAtGC and the exit heap summary print address ranges as `[0x..., 0x..., 0x...)`:
// an opening bracket closed by a parenthesis, which would unbalance everything after it.
const ADDRESS_RANGE = /\[0x[0-9a-fA-F]+(?:,\s*0x[0-9a-fA-F]+)*\)/g;

// A record never legitimately grows this large (free-list statistics are the longest noise);
// past it the log is corrupt or truncated and we start over rather than buffer without bound.
const MAX_OPEN_CHARS = 1_000_000;

/** Creates a scanner with no open frame. */
export function createFrameScanner(): FrameScanner {
  const stack: OpenFrame[] = [];
  let openChars = 0;
  let overflows = 0;

  const scanner: FrameScanner = {
    get openDepth() {
      return stack.length;
    },
    get overflows() {
      return overflows;
    },
    reset() {
      const dropped = stack.length > 0;
      stack.length = 0;
      openChars = 0;
      return dropped;
    },
    push(rawLine) {
      const line = rawLine.includes('[0x') ? rawLine.replace(ADDRESS_RANGE, '') : rawLine;
      const closed = scanLine(line, stack);
      if (stack.length === 0) openChars = 0;
      else openChars += line.length;
      if (openChars > MAX_OPEN_CHARS) {
        overflows += 1;
        scanner.reset();
      }
      return closed;
    },
  };
  return scanner;
}

/** Walks one line bracket by bracket, updating the stack; returns the frames it closed. */
function scanLine(line: string, stack: OpenFrame[]): Frame[] {
  const closed: Frame[] = [];
  const top = stack.at(-1);
  if (top) top.text += '\n';
  let pos = 0;
  for (;;) {
    const open = line.indexOf('[', pos);
    const close = line.indexOf(']', pos);
    const next = open === -1 ? close : close === -1 ? open : Math.min(open, close);
    const segment = line.slice(pos, next === -1 ? line.length : next);
    const current = stack.at(-1);
    if (current) current.text += segment;
    if (next === -1) return closed;
    if (next === open) {
      stack.push({ text: '', children: [], prefix: segment });
    } else {
      const done = stack.pop();
      if (done) closed.push(finish(done, stack));
    }
    pos = next + 1;
  }
}

function finish(open: OpenFrame, stack: OpenFrame[]): Frame {
  const frame: Frame = {
    text: open.text,
    children: open.children,
    prefix: open.prefix,
    depth: stack.length,
  };
  stack.at(-1)?.children.push(frame);
  return frame;
}

/** The frame's own text plus all its descendants' text, for flag searches. */
export function deepText(frame: Frame): string {
  if (frame.children.length === 0) return frame.text;
  return frame.text + ' ' + frame.children.map(deepText).join(' ');
}
