import { describe, expect, it } from 'vitest';
import { formatMatcher, matches, matchesAll, parseMatcher } from './matchers.js';

describe('parseMatcher / matches', () => {
  it.each([
    ['severity="critical"', { severity: 'critical' }, true],
    ['severity="critical"', { severity: 'warning' }, false],
    ['severity!="critical"', { severity: 'warning' }, true],
    ['severity!="critical"', {}, true],
    ['team=~"a|b"', { team: 'b' }, true],
    ['team=~"a|b"', { team: 'ab' }, false],
    ['team!~"a|b"', { team: 'c' }, true],
    ['team=~".*"', {}, true],
    ['team=""', {}, true],
    ['job = api', { job: 'api' }, true],
    ['path="a\\"b"', { path: 'a"b' }, true],
  ])('%s on %j -> %s', (text, labels, expected) => {
    expect(matches(parseMatcher(text), labels)).toBe(expected);
  });

  it('anchors regexes at both ends like Alertmanager', () => {
    expect(matches(parseMatcher('instance=~"web"'), { instance: 'web-1' })).toBe(false);
    expect(matches(parseMatcher('instance=~"web.*"'), { instance: 'web-1' })).toBe(true);
  });

  it('rejects malformed matchers and bad regexes with a message', () => {
    expect(() => parseMatcher('severity')).toThrow(/bad matcher/);
    expect(() => parseMatcher('1a="b"')).toThrow(/bad matcher/);
    expect(() => parseMatcher('a=~"("')).toThrow(/bad regex/);
  });

  it('requires every matcher in a list and round-trips the text form', () => {
    const list = [parseMatcher('a="1"'), parseMatcher('b!="2"')];
    expect(matchesAll(list, { a: '1', b: '3' })).toBe(true);
    expect(matchesAll(list, { a: '1', b: '2' })).toBe(false);
    expect(matchesAll([], {})).toBe(true);
    expect(formatMatcher(parseMatcher('a=~"x|y"'))).toBe('a=~"x|y"');
  });
});
