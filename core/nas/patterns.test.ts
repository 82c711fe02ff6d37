import { describe, expect, it } from 'vitest';
import {
  compilePattern,
  firstMatch,
  matchPattern,
  patternProblems,
  testPattern,
  tokenizePattern,
} from './patterns.js';

describe('tokenizePattern', () => {
  it('splits literals and placeholders', () => {
    expect(tokenizePattern('gc-{pod}-{start}.log')).toEqual({
      tokens: [
        { literal: 'gc-' },
        { placeholder: 'pod' },
        { literal: '-' },
        { placeholder: 'start' },
        { literal: '.log' },
      ],
      problems: [],
    });
  });

  it('lists every syntax problem', () => {
    const { problems } = tokenizePattern('a}{x}{pod');
    expect(problems).toHaveLength(3);
  });
});

describe('patternProblems', () => {
  it.each([
    ['gc-{pod}-{start}.log', false, 0],
    ['gc.log', false, 0],
    ['{pod}', true, 0],
    ['java_pid{n}.hprof', false, 0],
    ['', false, 1],
    ['{foo}.log', false, 1],
    ['{pod}.log}', false, 1],
    ['{pod', false, 1],
    ['a/{pod}', false, 1],
    ['a\0{pod}', false, 1],
    ['{pod}-{pod}', false, 1],
    ['{start}-{start}', false, 1],
    ['{n}-{pod}.log', false, 1],
    ['{any}{pod}', false, 1],
    ['x.log', true, 1],
    ['{any}', false, 1],
    ['{any}{any}', false, 1],
    ['{bad}/{pod}-{pod}', true, 3],
  ])('%j (pod required: %s) has %i problems', (source, requirePod, count) => {
    expect(patternProblems(source, requirePod)).toHaveLength(count);
  });

  it('rejects a value that is not a string', () => {
    expect(patternProblems(42 as unknown as string, false)).toEqual(['expected a string']);
  });
});

describe('matchPattern', () => {
  it.each([
    // literals are literal, regex metacharacters included
    ['a.b', 'a.b', true],
    ['a.b', 'axb', false],
    ['x+(y)[z]$^|?*\\', 'x+(y)[z]$^|?*\\', true],
    ['x+', 'xx', false],
    ['dump-{pod}-%t.hprof', 'dump-a-%t.hprof', true],
    ['dump-{pod}-%t.hprof', 'dump-a-2024.hprof', false],
    // anchored at both ends
    ['gc.log', 'gc.log.0', false],
    ['gc.log', 'x-gc.log', false],
    // {n}: one or more digits; {any}: anything, also nothing, also a newline
    ['java_pid{n}.hprof', 'java_pid.hprof', false],
    ['java_pid{n}.hprof', 'java_pid007.hprof', true],
    ['a{any}b', 'ab', true],
    ['a{any}b', 'a\n/b', true],
    // {start} is exactly the %t expansion
    ['gc-{start}.log', 'gc-2024-05-01_10-20-30.log', true],
    ['gc-{start}.log', 'gc-2024-05-01T10:20:30.log', false],
    ['gc-{start}.log', 'gc-2024-5-1_10-20-30.log', false],
    // {pod} starts with a lower-case alphanumeric
    ['{pod}.log', 'a.log', true],
    ['{pod}.log', '.log', false],
    ['{pod}.log', '-a.log', false],
    ['{pod}.log', 'A.log', false],
    ['{pod}.log', 'ä.log', false],
  ])('%j against %j -> %s', (source, name, matches) => {
    const pattern = compilePattern(source);
    expect(matchPattern(pattern, name) !== undefined).toBe(matches);
    expect(testPattern(pattern, name)).toBe(matches);
  });

  it('reads pod and start when only one reading exists', () => {
    expect(matchPattern(compilePattern('gc-{pod}-{start}.log'), 'gc-a-b-1-2024-05-01_10-20-30.log')).toEqual({
      pod: 'a-b-1',
      podAmbiguous: false,
      start: '2024-05-01_10-20-30',
    });
  });

  it('reports several readings as ambiguous', () => {
    // `ab12.log` reads as pod `ab` + 12 or pod `ab1` + 2
    expect(matchPattern(compilePattern('{pod}{n}.log'), 'ab12.log')).toEqual({ podAmbiguous: true });
    expect(matchPattern(compilePattern('{pod}{n}.log'), 'ab1.log')).toEqual({
      pod: 'ab',
      podAmbiguous: false,
    });
    expect(matchPattern(compilePattern('x-{pod}-{n}'), 'x-a-1-2')).toEqual({
      pod: 'a-1',
      podAmbiguous: false,
    });
  });

  it('treats {any} after {pod} as open-ended even when one reading fits', () => {
    expect(matchPattern(compilePattern('dump-{pod}-{any}.phd'), 'dump-fluentd-x7k2p.phd')).toEqual({
      podAmbiguous: true,
    });
  });

  it('matches patterns without a pod', () => {
    expect(matchPattern(compilePattern('gc.log'), 'gc.log')).toEqual({ podAmbiguous: false });
  });

  it('describes where the pod ends for owner matching', () => {
    expect(compilePattern('{pod}.log')).toMatchObject({ head: '', tail: '.log', afterPodFirst: '.' });
    expect(compilePattern('gc-{pod}')).toMatchObject({ head: 'gc-', tail: '', afterPodFirst: '' });
    expect(compilePattern('{pod}{n}.log')).toMatchObject({ afterPodFirst: undefined });
    expect(compilePattern('gc.log')).toMatchObject({ hasPod: false, afterPod: undefined });
  });
});

describe('firstMatch', () => {
  it('returns the first pattern that matches, in order', () => {
    const patterns = ['gc-{pod}-{start}.log', 'gc-{pod}.log'].map(compilePattern);
    expect(firstMatch(patterns, 'gc-a.log')?.pattern.source).toBe('gc-{pod}.log');
    expect(firstMatch(patterns, 'gc-a-2024-05-01_10-20-30.log')?.pattern.source).toBe('gc-{pod}-{start}.log');
    expect(firstMatch(patterns, 'x.log')).toBeUndefined();
  });
});
