import { describe, expect, it } from 'vitest';
import { splitRotation, splitSequence } from './name-suffixes.js';

describe('splitRotation', () => {
  it.each([
    ['gc.log.0', { base: 'gc.log', rotation: 0, current: false }],
    ['gc.log.00', { base: 'gc.log', rotation: 0, current: false }],
    ['gc.log.12', { base: 'gc.log', rotation: 12, current: false }],
    ['gc.log.3.current', { base: 'gc.log', rotation: 3, current: true }],
    ['a.b.c.999999999', { base: 'a.b.c', rotation: 999999999, current: false }],
    ['x.1', { base: 'x', rotation: 1, current: false }],
  ])('%s', (name, expected) => {
    expect(splitRotation(name)).toEqual(expected);
  });

  it.each([
    'gc.log',
    'gc.log.',
    'gc.log.current',
    'gc.log..current',
    '.1',
    '1',
    'gc.log.1a',
    'gc.log.-1',
    'gc.log.1234567890',
    'gc.log.١',
  ])('%j has no rotation suffix', (name) => {
    expect(splitRotation(name)).toBeUndefined();
  });
});

describe('splitSequence', () => {
  it('splits a trailing number', () => {
    expect(splitSequence('java_pid1.hprof.2')).toEqual({ base: 'java_pid1.hprof', sequence: 2 });
  });

  it('leaves `.current` alone', () => {
    expect(splitSequence('gc.log.1.current')).toBeUndefined();
  });
});
