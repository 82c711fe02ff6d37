import { describe, expect, it } from 'vitest';
import { jvmStartToEpochMs, parseJvmStart, type JvmStart } from './jvm-start.js';

const start = (text: string): JvmStart => {
  const parsed = parseJvmStart(text);
  if (parsed === undefined) throw new Error(`test stamp ${text} did not parse`);
  return parsed;
};

describe('parseJvmStart', () => {
  it('keeps the calendar fields as written', () => {
    expect(parseJvmStart('2024-05-01_10-20-30')).toEqual({
      text: '2024-05-01_10-20-30',
      year: 2024,
      month: 5,
      day: 1,
      hour: 10,
      minute: 20,
      second: 30,
    });
  });

  it.each([
    ['2024-02-29_00-00-00', true],
    ['2000-02-29_00-00-00', true],
    ['2023-02-29_00-00-00', false],
    ['1900-02-29_00-00-00', false],
    ['2024-04-31_00-00-00', false],
    ['2024-12-31_23-59-60', true],
    ['2024-12-31_24-00-00', false],
    ['2024-12-31_23-60-00', false],
    ['2024-00-10_00-00-00', false],
    ['2024-13-10_00-00-00', false],
    ['2024-01-00_00-00-00', false],
    ['1970-01-01_00-00-00', true],
    ['1969-12-31_23-59-59', false],
    ['2024-05-01 10-20-30', false],
    ['2024-05-01_10-20-30 ', false],
    ['2024-5-1_10-20-30', false],
    ['%t', false],
    ['', false],
  ])('%j valid: %s', (text, valid) => {
    expect(parseJvmStart(text) !== undefined).toBe(valid);
  });
});

describe('jvmStartToEpochMs', () => {
  it('reads the stamp as UTC by default', () => {
    expect(jvmStartToEpochMs(start('2024-05-01_10-20-30'))).toBe(Date.parse('2024-05-01T10:20:30Z'));
  });

  it('converts in an IANA zone', () => {
    expect(jvmStartToEpochMs(start('2024-05-01_10-20-30'), 'Asia/Shanghai')).toBe(
      Date.parse('2024-05-01T02:20:30Z'),
    );
    expect(jvmStartToEpochMs(start('2024-01-15_12-00-00'), 'America/New_York')).toBe(
      Date.parse('2024-01-15T17:00:00Z'),
    );
    expect(jvmStartToEpochMs(start('2024-07-15_12-00-00'), 'America/New_York')).toBe(
      Date.parse('2024-07-15T16:00:00Z'),
    );
  });

  it('picks the earlier instant in a fall-back overlap', () => {
    // 01:30 happened twice in New York on 2024-11-03: 05:30Z (EDT) and 06:30Z (EST).
    expect(jvmStartToEpochMs(start('2024-11-03_01-30-00'), 'America/New_York')).toBe(
      Date.parse('2024-11-03T05:30:00Z'),
    );
  });

  it('shifts a time in a spring-forward gap by the gap', () => {
    // 02:30 did not exist in New York on 2024-03-10; one hour apart from 03:30 EDT (07:30Z).
    const gap = jvmStartToEpochMs(start('2024-03-10_02-30-00'), 'America/New_York');
    expect(Math.abs(gap - Date.parse('2024-03-10T07:30:00Z'))).toBe(3_600_000);
  });

  it('rolls a leap second into the next minute', () => {
    expect(jvmStartToEpochMs(start('2016-12-31_23-59-60'))).toBe(Date.parse('2017-01-01T00:00:00Z'));
  });

  it('rejects an unknown zone with E_TIMEZONE, exit 78', () => {
    expect(() => jvmStartToEpochMs(start('2024-05-01_10-20-30'), 'Mars/Olympus')).toThrow(
      expect.objectContaining({ code: 'E_TIMEZONE', exitCode: 78 }),
    );
  });
});
