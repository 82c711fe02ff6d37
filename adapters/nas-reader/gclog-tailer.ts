import { StringDecoder } from 'node:string_decoder';
import type { Stats } from 'node:fs';
import { detectGcLogFormat } from '../../core/gclog/detect.js';
import { createGcLogParser } from '../../core/gclog/parser.js';
import type { GcEvent, GcLogParser } from '../../core/gclog/types.js';
import type { GcLogMetrics, PodLabels } from '../gclog/metrics.js';
import { applyGcEvents, type RunState } from './gclog-apply.js';
import type { GuardedFs } from './guarded-fs.js';

/** A GC log file as the NAS layout classified it. */
export interface GcFileRef {
  path: string;
  labels: PodLabels;
  /** Identifies one JVM run's rotation chain (pod + start time + base name). */
  chainKey: string;
  /** Archive index (`.0`, `.1`...), undefined for the active file. */
  rotation?: number;
  /** JVM start from the `%t` part of the name, converted in the configured zone. */
  startEpochMs?: number;
}

export interface TailerOptions {
  fs: GuardedFs;
  metrics: GcLogMetrics;
  now: () => number;
  /** On the first scan, how much of an existing file's end is read. */
  historyBytes: number;
  /** Series of pods whose files stopped changing are dropped after this. */
  ttlMs: number;
  onWarn?: (message: string, fields: Record<string, unknown>) => void;
}

export interface PollResult {
  bytesRead: number;
  errors: number;
}

interface Cursor {
  path: string;
  offset: number;
  size: number;
  mtimeMs: number;
  rotation: number | undefined;
  decoder: StringDecoder;
  partial: string;
  /** Set when reading starts mid-file: drop the text up to the first newline. */
  skipToNewline: boolean;
  /** The last bytes before `offset`, to notice a file rewritten in place. */
  seenTail: Buffer;
}

interface Chain extends RunState {
  parser?: GcLogParser;
  lastChangeMs: number;
  dropped: boolean;
  reportedParseErrors: number;
  cursors: Map<string, Cursor>;
}

const SNIFF_BYTES = 16 * 1024;
const HEAD_INFO_BYTES = 64 * 1024;
const CHUNK_BYTES = 1024 * 1024;
const TAIL_CHECK_BYTES = 64;

/** Starts a cursor over from the beginning of its file (it was truncated or rewritten). */
function resetCursor(cursor: Cursor): void {
  Object.assign(cursor, {
    offset: 0,
    partial: '',
    skipToNewline: false,
    seenTail: Buffer.alloc(0),
    decoder: new StringDecoder('utf8'),
  });
}

/**
 * Follows GC log files by polling size and offset (inotify does not see NFS writes from other
 * hosts). Files are tracked by inode, so a rotation (`x.log` renamed to `x.log.3`) finishes the
 * old inode before the new `x.log` is read from its start; a shrunk file was truncated and is
 * read again from 0; a new `%t` file is a new JVM run (new chain, new parser).
 */
export class GcLogTailer {
  private readonly chains = new Map<string, Chain>();

  constructor(private readonly options: TailerOptions) {}

  /** Number of files currently followed. */
  filesTracked(): number {
    let n = 0;
    for (const chain of this.chains.values()) n += chain.cursors.size;
    return n;
  }

  /**
   * Reads what is new in the given files, at most `budgetBytes` in all. Chains of a service folder
   * in `listed` that are no longer among `files` are forgotten; those of folders that could not be
   * listed (a hung NAS) are kept with their series.
   */
  async poll(
    files: readonly GcFileRef[],
    budgetBytes: number,
    initial: boolean,
    listed: ReadonlySet<string>,
  ): Promise<PollResult> {
    const result: PollResult = { bytesRead: 0, errors: 0 };
    const byChain = groupBy(files, (f) => f.chainKey);
    for (const [key, refs] of byChain) {
      try {
        const budget = budgetBytes - result.bytesRead;
        result.bytesRead += await this.pollChain(key, refs, Math.max(0, budget), initial);
      } catch (error) {
        result.errors++;
        this.options.onWarn?.('gc log read failed', { chain: key, error: String(error) });
      }
    }
    for (const [key, chain] of this.chains) {
      const scope = `${chain.labels.k8s_namespace}/${chain.labels.service}`;
      if (!byChain.has(key) && listed.has(scope)) this.forget(key, chain);
    }
    this.pruneIdle();
    return result;
  }

  private async pollChain(key: string, refs: GcFileRef[], budget: number, initial: boolean): Promise<number> {
    const stats = await this.statAll(refs);
    if (stats.length === 0) return 0;
    const newestMtime = Math.max(...stats.map(([, s]) => s.mtimeMs));
    let chain = this.chains.get(key);
    if (!chain) {
      const first = stats[0]![0];
      chain = {
        labels: first.labels,
        startEpochMs: refs.find((r) => r.startEpochMs !== undefined)?.startEpochMs,
        lastAfterBytes: undefined,
        lastChangeMs: newestMtime,
        dropped: false,
        reportedParseErrors: 0,
        cursors: new Map(),
      };
      this.chains.set(key, chain);
    }
    const stale = this.options.now() - newestMtime > this.options.ttlMs;
    this.syncCursors(chain, stats, initial || stale);
    const pending = [...chain.cursors.values()].some((c) => c.offset < c.size);
    if (!pending) return 0;
    if (!chain.parser && chain.format !== 'unknown') await this.detect(chain);
    if (!chain.parser) return 0;

    let read = 0;
    const ordered = [...chain.cursors.values()].sort(
      (a, b) => a.mtimeMs - b.mtimeMs || (b.rotation ?? -1) - (a.rotation ?? -1),
    );
    for (const cursor of ordered) {
      if (read >= budget) break;
      read += await this.readNew(chain, cursor, budget - read);
    }
    if (read > 0) {
      chain.lastChangeMs = Math.max(chain.lastChangeMs, newestMtime);
      chain.dropped = false;
    }
    return read;
  }

  private async statAll(refs: GcFileRef[]): Promise<[GcFileRef, Stats][]> {
    const out: [GcFileRef, Stats][] = [];
    for (const ref of refs) {
      if (this.options.fs.busy(ref.path)) continue;
      try {
        out.push([ref, await this.options.fs.stat(ref.path)]);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    }
    return out;
  }

  private syncCursors(chain: Chain, stats: [GcFileRef, Stats][], skipHistory: boolean): void {
    const present = new Set<string>();
    for (const [ref, st] of stats) {
      const id = `${st.dev}:${st.ino}`;
      present.add(id);
      const known = chain.cursors.get(id);
      if (known) {
        if (st.size < known.offset) resetCursor(known);
        Object.assign(known, { path: ref.path, size: st.size, mtimeMs: st.mtimeMs, rotation: ref.rotation });
        continue;
      }
      let offset = 0;
      if (skipHistory)
        offset = ref.rotation === undefined ? Math.max(0, st.size - this.options.historyBytes) : st.size;
      chain.cursors.set(id, {
        path: ref.path,
        offset,
        size: st.size,
        mtimeMs: st.mtimeMs,
        rotation: ref.rotation,
        decoder: new StringDecoder('utf8'),
        partial: '',
        seenTail: Buffer.alloc(0),
        skipToNewline: offset > 0 && offset < st.size,
      });
    }
    for (const id of chain.cursors.keys()) if (!present.has(id)) chain.cursors.delete(id);
  }

  /** Sniffs the format from the oldest file's head; reads JVM facts from it when we start mid-file. */
  private async detect(chain: Chain): Promise<void> {
    const cursors = [...chain.cursors.values()].sort((a, b) => a.mtimeMs - b.mtimeMs);
    const first = cursors[0];
    if (!first || first.size === 0) return;
    const head = (
      await this.options.fs.readAt(first.path, 0, Math.min(first.size, HEAD_INFO_BYTES))
    ).toString('utf8');
    const format = detectGcLogFormat(head.slice(0, SNIFF_BYTES));
    if (!format) {
      if (first.size >= SNIFF_BYTES) {
        chain.format = 'unknown';
        this.options.onWarn?.('not a GC log format opsctl knows; file ignored', { path: first.path });
      }
      return;
    }
    chain.format = format;
    chain.parser = createGcLogParser(format);
    this.options.metrics.setInfo(chain.labels, format, 'unknown');
    if (cursors.some((c) => c.offset > 0)) {
      const probe = createGcLogParser(format);
      const lines = head.split('\n');
      lines.pop();
      const facts = lines.flatMap((line) => probe.push(line)).filter((e) => e.kind === 'jvm_info');
      applyGcEvents(this.options.metrics, chain, facts);
    }
  }

  private async readNew(chain: Chain, cursor: Cursor, budget: number): Promise<number> {
    let read = 0;
    while (cursor.offset < cursor.size && read < budget) {
      // Re-read the last bytes already seen: if they changed, the file was cut and written
      // again (to at least its old size) between two polls, so it is read again from 0.
      const overlap = cursor.seenTail.length;
      const length = Math.min(CHUNK_BYTES, cursor.size - cursor.offset, budget - read);
      const bytes = await this.options.fs.readAt(cursor.path, cursor.offset - overlap, length + overlap);
      if (overlap > 0 && !bytes.subarray(0, overlap).equals(cursor.seenTail)) {
        resetCursor(cursor);
        continue;
      }
      const fresh = bytes.subarray(overlap);
      if (fresh.length === 0) break;
      cursor.offset += fresh.length;
      read += fresh.length;
      cursor.seenTail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - TAIL_CHECK_BYTES)));
      this.feed(chain, cursor, cursor.decoder.write(fresh));
    }
    return read;
  }

  private feed(chain: Chain, cursor: Cursor, text: string): void {
    let data = cursor.partial + text;
    if (cursor.skipToNewline) {
      const nl = data.indexOf('\n');
      if (nl < 0) {
        cursor.partial = '';
        return;
      }
      data = data.slice(nl + 1);
      cursor.skipToNewline = false;
    }
    const parser = chain.parser!;
    let start = 0;
    const events: GcEvent[] = [];
    for (let nl = data.indexOf('\n'); nl >= 0; nl = data.indexOf('\n', start)) {
      const end = nl > start && data.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      for (const event of parser.push(data.slice(start, end))) events.push(event);
      start = nl + 1;
    }
    cursor.partial = data.slice(start);
    applyGcEvents(this.options.metrics, chain, events);
    const errors = parser.stats.parseErrors - chain.reportedParseErrors;
    if (errors > 0) {
      this.options.metrics.addParseErrors(parser.format, errors);
      chain.reportedParseErrors = parser.stats.parseErrors;
    }
  }

  /** Drops the series of pods none of whose chains changed within the TTL. */
  private pruneIdle(): void {
    const cutoff = this.options.now() - this.options.ttlMs;
    const livePods = new Set<string>();
    for (const chain of this.chains.values())
      if (chain.lastChangeMs > cutoff) livePods.add(podKey(chain.labels));
    for (const chain of this.chains.values()) {
      if (chain.dropped || livePods.has(podKey(chain.labels))) continue;
      this.options.metrics.dropPod(chain.labels);
      chain.dropped = true;
    }
  }

  private forget(key: string, chain: Chain): void {
    this.chains.delete(key);
    const stillThere = [...this.chains.values()].some((c) => podKey(c.labels) === podKey(chain.labels));
    if (!stillThere) this.options.metrics.dropPod(chain.labels);
  }
}

function podKey(labels: PodLabels): string {
  return `${labels.k8s_namespace}/${labels.service}/${labels.pod}`;
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
