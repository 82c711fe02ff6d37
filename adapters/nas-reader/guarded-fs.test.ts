import { describe, expect, it } from 'vitest';
import { isOpsError } from '../../core/errors.js';
import { GuardedFs } from './guarded-fs.js';

describe('GuardedFs', () => {
  it('rejects a call past its deadline with E_TIMEOUT (exit 69) and counts it hung until it returns', async () => {
    let now = 1000;
    const fs = new GuardedFs(50, () => now);
    let finish: () => void = () => undefined;
    const stuck = new Promise<void>((resolve) => (finish = resolve));
    const call = fs.guard('/mnt/test/gateway/gc.log', 'read', () => stuck);
    const error = await call.catch((e: unknown) => e);
    expect(isOpsError(error) && error.code).toBe('E_TIMEOUT');
    expect(isOpsError(error) && error.exitCode).toBe(69);
    now += 100;
    expect(fs.hungCount()).toBe(1);
    expect(fs.busy('/mnt/test/gateway')).toBe(true);
    expect(fs.busy('/mnt/test/gate')).toBe(false);
    finish();
    await stuck;
    await new Promise((r) => setImmediate(r));
    expect(fs.hungCount()).toBe(0);
    expect(fs.busy('/mnt/test/gateway')).toBe(false);
  });

  it('passes results and errors of calls that return in time', async () => {
    const fs = new GuardedFs(1000);
    await expect(fs.guard('/x', 'op', () => Promise.resolve(42))).resolves.toBe(42);
    await expect(fs.stat('/definitely/not/here')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(fs.hungCount()).toBe(0);
  });
});
