import { describe, expect, it } from 'vitest';
import { isProtectedKind, nasUsageKind, type NasEntryKind } from './entry.js';

describe('nasUsageKind', () => {
  it.each([
    ['gc_log', 'gc'],
    ['gc_log_archive', 'gc'],
    ['heap_dump', 'dump'],
    ['heap_dump_aux', 'dump'],
    ['heap_dump_dir', 'dump'],
    ['app_log', 'log'],
    ['logs_dir', 'log'],
    ['log_archive_dir', 'archive'],
    ['log_archive_file', 'archive'],
    ['tools', 'tools'],
    ['config', 'other'],
    ['tmp', 'other'],
    ['other', 'other'],
  ] as [NasEntryKind, string][])('%s -> %s', (kind, usage) => {
    expect(nasUsageKind(kind)).toBe(usage);
  });
});

describe('isProtectedKind', () => {
  it.each([
    ['config', true],
    ['tmp', true],
    ['logs_dir', true],
    ['log_archive_dir', true],
    ['gc_log', false],
    ['gc_log_archive', false],
    ['heap_dump', false],
    ['heap_dump_aux', false],
    ['heap_dump_dir', false],
    ['app_log', false],
    ['log_archive_file', false],
    ['tools', false],
    ['other', false],
  ] as [NasEntryKind, boolean][])('%s -> %s', (kind, expected) => {
    expect(isProtectedKind(kind)).toBe(expected);
  });
});
