/**
 * The clean-logs NAS child on a real folder: links are listed, never followed; removals happen
 * in plan order; files that appear after the listing stay, and their folder with them.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { planCleanup } from '../../core/clean/plan.js';
import { startCleanFs, type CleanFs } from './fs-client.js';

let fs: CleanFs | undefined;
let dir: string | undefined;

afterEach(() => {
  fs?.close();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

describe('clean-logs NAS child', () => {
  it('lists links without following them and keeps files that appear during the run', async () => {
    dir = mkdtempSync(join(tmpdir(), 'clean-fs-'));
    const svc = join(dir, 'svc');
    const outside = join(dir, 'outside');
    mkdirSync(join(svc, 'tools/arthas'), { recursive: true });
    mkdirSync(outside);
    writeFileSync(join(outside, 'keep.txt'), 'x');
    writeFileSync(join(svc, 'tools/arthas/a.jar'), 'x');
    writeFileSync(join(svc, 'gc.log'), 'x');
    symlinkSync(outside, join(svc, 'link'));
    fs = startCleanFs(5000);
    const listing = await fs.walk(svc, ['tmp']);
    expect(listing.map((e) => [e.relPath, e.isDirectory, e.isSymlink]).sort()).toEqual([
      ['gc.log', false, false],
      ['link', false, true],
      ['tools', true, false],
      ['tools/arthas', true, false],
      ['tools/arthas/a.jar', false, false],
    ]);
    const plan = planCleanup(listing, new Set(), { nowMs: Date.now() + 3_600_000, minAgeMs: 0 });
    writeFileSync(join(svc, 'tools/arthas/new.jar'), 'appeared after the listing');
    const result = await fs.remove(svc, plan.deletions);
    expect([...result.removed].sort()).toEqual(['gc.log', 'tools/arthas/a.jar']);
    expect([...result.skipped].sort()).toEqual(['tools', 'tools/arthas']);
    expect(result.failures).toEqual([]);
    expect(readdirSync(join(svc, 'tools/arthas'))).toEqual(['new.jar']);
    expect(readdirSync(outside)).toEqual(['keep.txt']);
    expect(readdirSync(svc).sort()).toEqual(['link', 'tools']);
  });

  it('fails a listing of a missing folder with a NAS error', async () => {
    fs = startCleanFs(5000);
    await expect(fs.walk('/nonexistent/clean-logs', [])).rejects.toMatchObject({ code: 'E_NAS_NOT_FOUND' });
  });
});
