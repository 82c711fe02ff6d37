import { describe, expect, it } from 'vitest';
import { classifyErrno } from './errno.js';

describe('classifyErrno', () => {
  it('keeps the codes that describe a NAS failure', () => {
    for (const code of ['ESTALE', 'EIO', 'ETIMEDOUT', 'ENOTCONN', 'EROFS', 'ENOSPC', 'EDQUOT', 'EACCES'])
      expect(classifyErrno(code)).toBe(code);
  });

  it('folds related codes and maps the rest to other', () => {
    expect(classifyErrno('ECONNABORTED')).toBe('ENOTCONN');
    expect(classifyErrno('EPERM')).toBe('EACCES');
    expect(classifyErrno('ENOTDIR')).toBe('ENOENT');
    expect(classifyErrno('EMFILE')).toBe('other');
    expect(classifyErrno(undefined)).toBe('other');
  });
});
