import { describe, expect, it } from 'vitest';
import { parseStamp } from './jdk8-time.js';

describe('parseStamp', () => {
  it('reads date, uptime and GC id', () => {
    expect(parseStamp('2022-07-26T21:00:40.750+0800: 3.117: #0: ')).toEqual({
      epochMs: Date.parse('2022-07-26T21:00:40.750+08:00'),
      uptimeSeconds: 3.117,
      gcId: 0,
    });
  });

  it('reads a negative offset and a date without uptime', () => {
    expect(parseStamp('2015-07-22T14:53:42.655-0100: ')).toEqual({
      epochMs: Date.parse('2015-07-22T15:53:42.655Z'),
    });
  });

  it('reads an uptime with a decimal comma', () => {
    expect(parseStamp('2015-10-02T17:14:13.272+0200: 400,737: ')).toMatchObject({ uptimeSeconds: 400.737 });
  });

  it('reads only the stamps at the end of the text', () => {
    expect(parseStamp('GC2014-03-12T21:18:26.029-0500: 13295.637: ')).toEqual({
      epochMs: Date.parse('2014-03-12T21:18:26.029-05:00'),
      uptimeSeconds: 13295.637,
    });
    expect(parseStamp(' 12.357: ')).toEqual({ uptimeSeconds: 12.357 });
  });

  it('returns nothing for a prefix without stamps', () => {
    expect(parseStamp('')).toEqual({});
    expect(parseStamp('   ')).toEqual({});
  });
});
