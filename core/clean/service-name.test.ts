import { describe, expect, it } from 'vitest';
import { assertServiceNames, serviceNameProblem } from './service-name.js';
import { ExitCode, OpsError } from '../errors.js';

describe('serviceNameProblem', () => {
  it.each(['gateway', 'order-service', 'pay 服务', 'a.b'])('accepts %j', (name) => {
    expect(serviceNameProblem(name)).toBeUndefined();
  });
  it.each(['', '.', '..', 'a/b', '../etc', 'x..y', '/abs', 'a\0b'])('rejects %j', (name) => {
    expect(serviceNameProblem(name)).toBeTypeOf('string');
  });
});

describe('assertServiceNames', () => {
  it('throws one usage error naming every bad name', () => {
    let caught: unknown;
    try {
      assertServiceNames(['ok', '../x', 'a/b']);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OpsError);
    expect((caught as OpsError).exitCode).toBe(ExitCode.usage);
    expect((caught as OpsError).message).toContain('"../x"');
    expect((caught as OpsError).message).toContain('"a/b"');
  });
  it('passes valid names', () => {
    expect(() => assertServiceNames(['gateway'])).not.toThrow();
  });
});
