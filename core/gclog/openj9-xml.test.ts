import { describe, expect, it } from 'vitest';
import { attrs, parseBytes, parseTimestamp, tagsOf } from './openj9-xml.js';

describe('tagsOf / attrs', () => {
  it('finds every tag of a line with its attributes, entities decoded', () => {
    const tags = tagsOf(
      '  <largest-consumer threadName="IS &lt;octopus#OCT&gt;" threadId="0000000034B25900" bytes="100498456" /></allocation-stats>',
    );
    expect(tags.map((t) => [t.name, t.closing])).toEqual([
      ['largest-consumer', false],
      ['allocation-stats', true],
    ]);
    expect(tags[0] && Object.fromEntries(attrs(tags[0]))).toEqual({
      threadName: 'IS <octopus#OCT>',
      threadId: '0000000034B25900',
      bytes: '100498456',
    });
  });

  it('returns nothing for text without tags', () => {
    expect(tagsOf('plain text')).toEqual([]);
  });
});

describe('parseTimestamp', () => {
  it('reads zone-less local time with the given offset', () => {
    expect(parseTimestamp('2015-12-31T15:22:46.957', 0)).toBe(Date.parse('2015-12-31T15:22:46.957Z'));
    expect(parseTimestamp('2015-12-31T15:22:46.957', -300)).toBe(Date.parse('2015-12-31T15:22:46.957-05:00'));
  });

  it('prefers a zone written in the text', () => {
    expect(parseTimestamp('2015-12-31T15:22:46.9+01:00', -300)).toBe(
      Date.parse('2015-12-31T15:22:46.900+01:00'),
    );
    expect(parseTimestamp('2015-12-31T15:22:46Z', 60)).toBe(Date.parse('2015-12-31T15:22:46Z'));
  });

  it('is NaN for anything else', () => {
    expect(parseTimestamp(undefined, 0)).toBeNaN();
    expect(parseTimestamp('yesterday', 0)).toBeNaN();
  });
});

describe('parseBytes', () => {
  it('reads hex and decimal sizes', () => {
    expect(parseBytes('0x20000000')).toBe(536870912);
    expect(parseBytes('6442450944')).toBe(6442450944);
    expect(parseBytes('')).toBeNaN();
  });
});
