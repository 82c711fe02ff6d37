/**
 * Unified GC log parsing throughput: a >= 200 MB JDK 17 G1 `-Xlog:gc*` log built from a real
 * corpus file (GC ids renumbered, clock advanced each repetition) is streamed through the
 * parser on one thread, and `grep -c Pause` on the same file gives a yardstick for raw I/O speed.
 */
import { execFile } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { promisify } from 'node:util';
import { ExitCode, OpsError } from '../core/errors.js';
import { createUnifiedParser } from '../core/gclog/unified.js';
import type { GcEvent } from '../core/gclog/types.js';
import type { BenchReport } from './types.js';

const execFileAsync = promisify(execFile);

const SOURCE_FILE =
  'shared/corpus/gclogs/gcviewer/openjdk/unified-jvm-logging/sample-ujl-jdk17-full-concurrent-cycle-g1-gc-all-safepont,os-cpu.txt';
/** The corpus sits beside the repository: one level up from bench/, two from dist/bench/. */
const SOURCE_CANDIDATES = [`../../${SOURCE_FILE}`, `../../../${SOURCE_FILE}`].map(
  (p) => new URL(p, import.meta.url),
);
const TARGET_BYTES = 210 * 1024 * 1024;
const WRITE_BATCH_LINES = 20_000;
const LINE = /^\[([^\]]+)\]\[(\d+)ms\](.*)$/;
const GC_ID = /GC\((\d+)\)/;

/** One corpus line split into the parts that change per repetition. */
interface TemplateLine {
  epochMs: number;
  offset: string;
  uptimeMs: number;
  before: string;
  gcId: number | undefined;
  after: string;
}

function toTemplate(line: string): TemplateLine | undefined {
  const match = LINE.exec(line);
  if (!match) return undefined;
  const [, time = '', uptime = '', rest = ''] = match;
  const offset = time.slice(-5);
  const epochMs = Date.parse(`${time.slice(0, -5)}${offset.slice(0, 3)}:${offset.slice(3)}`);
  const id = GC_ID.exec(rest);
  if (!id) return { epochMs, offset, uptimeMs: Number(uptime), before: rest, gcId: undefined, after: '' };
  const at = id.index + 3;
  const digits = id[1] ?? '';
  return {
    epochMs,
    offset,
    uptimeMs: Number(uptime),
    before: rest.slice(0, at),
    gcId: Number(digits),
    after: rest.slice(at + digits.length),
  };
}

/** `2022-01-29T16:34:51.642+0000` for a UTC offset of +0000, as the JVM writes it. */
function formatTime(epochMs: number, offset: string): string {
  return `${new Date(epochMs).toISOString().slice(0, 23)}${offset}`;
}

function render(t: TemplateLine, shiftMs: number, idShift: number): string {
  const time = formatTime(t.epochMs + shiftMs, t.offset);
  const id = t.gcId === undefined ? '' : String(t.gcId + idShift);
  return `[${time}][${t.uptimeMs + shiftMs}ms]${t.before}${id}${t.after}\n`;
}

/** Writes the synthetic log and returns its size in bytes. */
async function generateLog(file: string): Promise<number> {
  const source = SOURCE_CANDIDATES.find((url) => existsSync(url));
  if (!source) {
    throw new OpsError(
      `gc log corpus file not found: ${SOURCE_CANDIDATES.map((u) => u.pathname).join(', ')}`,
      {
        code: 'E_BENCH_CORPUS_MISSING',
        exitCode: ExitCode.unavailable,
        hints: ['check out the shared/ folder next to the repository'],
      },
    );
  }
  const templates = readFileSync(source, 'utf8')
    .split('\n')
    .map(toTemplate)
    .filter((t): t is TemplateLine => t !== undefined);
  const first = templates[0]!;
  const last = templates[templates.length - 1]!;
  const spanMs = last.uptimeMs - first.uptimeMs + 50;
  const idSpan = Math.max(...templates.map((t) => t.gcId ?? 0)) + 1;
  const out = createWriteStream(file);
  let bytes = 0;
  let batch: string[] = [];
  for (let rep = 0; bytes < TARGET_BYTES; rep += 1) {
    for (const t of templates) {
      const line = render(t, rep * spanMs, rep * idSpan);
      bytes += line.length;
      batch.push(line);
      if (batch.length >= WRITE_BATCH_LINES) {
        if (!out.write(batch.join(''))) await once(out, 'drain');
        batch = [];
      }
    }
  }
  out.end(batch.join(''));
  await once(out, 'finish');
  return bytes;
}

const countPauses = (events: readonly GcEvent[]): number => events.filter((e) => e.kind === 'pause').length;

/** Streams the file line by line through a fresh parser; returns pauses seen and seconds taken. */
async function parseFile(file: string): Promise<{ pauses: number; seconds: number; errors: number }> {
  const started = process.hrtime.bigint();
  const parser = createUnifiedParser();
  let pauses = 0;
  let carry = '';
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<string>) {
    let start = 0;
    let nl = chunk.indexOf('\n');
    if (carry !== '' && nl >= 0) {
      // Join the line split across chunks alone, rather than copying the whole chunk onto it.
      pauses += countPauses(parser.push(carry + chunk.slice(0, nl)));
      carry = '';
      start = nl + 1;
      nl = chunk.indexOf('\n', start);
    }
    for (; nl >= 0; nl = chunk.indexOf('\n', start)) {
      const events = parser.push(chunk.slice(start, nl));
      if (events.length > 0) pauses += countPauses(events);
      start = nl + 1;
    }
    carry += chunk.slice(start);
  }
  if (carry !== '') pauses += countPauses(parser.push(carry));
  pauses += countPauses(parser.end());
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { pauses, seconds, errors: parser.stats.parseErrors };
}

async function grepCount(file: string): Promise<{ count: number; seconds: number }> {
  const started = process.hrtime.bigint();
  const { stdout } = await execFileAsync('grep', ['-c', 'Pause', file]);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { count: Number(stdout.trim()), seconds };
}

const round = (value: number, digits = 1): number => Number(value.toFixed(digits));

/** Runs the benchmark; the generated file is always deleted. */
export async function benchGclogParse(): Promise<BenchReport> {
  const file = join(tmpdir(), `opsctl-bench-gclog-${process.pid}-${Date.now()}.log`);
  try {
    await generateLog(file);
    const size = statSync(file).size;
    const megabytes = size / 1e6;
    const grep = await grepCount(file);
    const parse = await parseFile(file);
    return {
      name: 'gclog-parse (unified G1 gc*)',
      figures: {
        'file MB': round(megabytes),
        'parse MB/s': round(megabytes / parse.seconds),
        'grep -c Pause MB/s': round(megabytes / grep.seconds),
        'ratio parse/grep': round(parse.seconds / grep.seconds, 2),
        'pauses parsed': parse.pauses,
        'grep count': grep.count,
        'parse errors': parse.errors,
      },
      targets: { 'parse MB/s': '>= 150' },
      notes: [
        'single thread, file streamed with fs.createReadStream and split on newlines (included in the time)',
        'grep -c Pause counts start lines and causes too, so it exceeds the pauses parsed',
        'ratio parse/grep = parse seconds / grep seconds on the same file, page cache warm',
      ],
    };
  } finally {
    rmSync(file, { force: true });
  }
}
