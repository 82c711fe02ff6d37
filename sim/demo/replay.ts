import { appendFile, mkdir, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Replay {
  stop(): Promise<void>;
}

/** `%Y-%m-%d_%H-%M-%S` of a moment, in UTC (the demo's configured zone). */
function stamp(date: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${date.getUTCFullYear()}-${p(date.getUTCMonth() + 1)}-${p(date.getUTCDate())}_${p(date.getUTCHours())}-${p(date.getUTCMinutes())}-${p(date.getUTCSeconds())}`;
}

/**
 * Without a JDK the demo still shows live metrics: each committed real GC log (active files only)
 * is written again under a fresh `gc-<pod>-<now>.log` name, a few lines per second, as the JVM
 * wrote them; at the end a new file starts (a JVM restart).
 */
export async function replayGcLogs(
  fixturesDir: string,
  nsDir: string,
  linesPerTick = 8,
  tickMs = 500,
): Promise<Replay> {
  const sources: { service: string; pod: string; lines: string[] }[] = [];
  for (const service of await readdir(fixturesDir)) {
    for (const file of await readdir(join(fixturesDir, service))) {
      const match = /^gc-(.+)-\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2}\.log$/.exec(file);
      if (!match?.[1]) continue;
      const text = await readFile(join(fixturesDir, service, file), 'utf8');
      sources.push({ service, pod: match[1], lines: text.split('\n').filter((l) => l !== '') });
    }
  }
  const state = sources.map((s) => ({ ...s, next: 0, target: '' }));
  let busy = false;
  const tick = async (): Promise<void> => {
    if (busy) return;
    busy = true;
    try {
      for (const s of state) {
        if (s.next === 0 || s.next >= s.lines.length) {
          const dir = join(nsDir, s.service);
          await mkdir(dir, { recursive: true });
          s.target = join(dir, `gc-${s.pod}-${stamp(new Date())}.log`);
          s.next = 0;
        }
        const chunk = s.lines.slice(s.next, s.next + linesPerTick);
        s.next += chunk.length;
        await appendFile(s.target, chunk.join('\n') + '\n');
      }
    } finally {
      busy = false;
    }
  };
  await tick();
  const timer = setInterval(() => void tick(), tickMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await Promise.resolve();
    },
  };
}
