/**
 * A probe child: probes one folder once (stat, statfs, readdir, optionally a write) and exits.
 * It runs as its own process because a call on a hung NFS or FUSE mount never returns and
 * cannot be cancelled: the parent stops waiting at the deadline, and can SIGKILL this process.
 */
import { hostname } from 'node:os';
import { join } from 'node:path';
import { open, opendir, rename, rm, stat, statfs } from 'node:fs/promises';
import type { FsSpace, ProbeChildMessage, ProbeOp, ProbeRequest } from './protocol.js';

/** What an operation adds to its `ok` message. */
interface OpExtra {
  space?: FsSpace;
  entries?: number;
}

function send(message: ProbeChildMessage): void {
  process.send?.(message);
}

async function probeStat(path: string): Promise<OpExtra> {
  const st = await stat(path);
  if (!st.isDirectory()) throw Object.assign(new Error(`${path} is not a folder`), { code: 'ENOTDIR' });
  return {};
}

async function probeStatfs(path: string): Promise<{ space: FsSpace }> {
  const s = await statfs(path);
  return {
    space: {
      sizeBytes: s.blocks * s.bsize,
      availBytes: s.bavail * s.bsize,
      freeBytes: s.bfree * s.bsize,
      files: s.files,
      filesFree: s.ffree,
    },
  };
}

async function probeReaddir(path: string, limit: number): Promise<{ entries: number }> {
  const dir = await opendir(path, { bufferSize: 32 });
  let entries = 0;
  try {
    while (entries < limit && (await dir.read()) !== null) entries++;
  } finally {
    await dir.close();
  }
  return { entries };
}

/** Create, fsync, rename, remove: the path a log writer takes, end to end on the server. */
async function probeWrite(path: string): Promise<OpExtra> {
  const name = `.opsctl-probe-${hostname().replace(/[^\w.-]/g, '_')}`;
  const final = join(path, name);
  const temp = `${final}.tmp`;
  try {
    const handle = await open(temp, 'w');
    try {
      await handle.writeFile(`opsctl probe ${new Date().toISOString()}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, final);
    await rm(final);
    return {};
  } catch (error) {
    // A full or read-only NAS answers, so the leftovers can be removed; errors here add nothing.
    await rm(temp, { force: true }).catch(() => undefined);
    await rm(final, { force: true }).catch(() => undefined);
    throw error;
  }
}

async function runOp(op: ProbeOp, request: ProbeRequest): Promise<OpExtra> {
  switch (op) {
    case 'stat':
      return probeStat(request.path);
    case 'statfs':
      return probeStatfs(request.path);
    case 'readdir':
      return probeReaddir(request.path, request.readdirLimit);
    case 'write':
      return probeWrite(request.path);
  }
}

async function probe(request: ProbeRequest): Promise<void> {
  const ops: ProbeOp[] = request.write
    ? ['stat', 'statfs', 'readdir', 'write']
    : ['stat', 'statfs', 'readdir'];
  for (const op of ops) {
    send({ type: 'begin', op });
    const started = performance.now();
    try {
      const extra = await runOp(op, request);
      send({ ...extra, type: 'ok', op, durationMs: performance.now() - started });
    } catch (error) {
      const err = error as NodeJS.ErrnoException;
      send({
        type: 'fail',
        op,
        durationMs: performance.now() - started,
        code: err.code ?? 'UNKNOWN',
        message: err.message,
      });
      // Without a folder there is nothing more to learn; later operations would fail alike.
      if (op === 'stat') break;
    }
  }
  // Disconnecting only after 'done' is written: a pending message would be lost otherwise.
  process.send?.({ type: 'done' } satisfies ProbeChildMessage, undefined, {}, () => process.disconnect());
}

process.on('message', (message: ProbeRequest) => {
  if (message.type === 'probe') void probe(message);
});
// The parent is gone: nobody is waiting for the answer.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
