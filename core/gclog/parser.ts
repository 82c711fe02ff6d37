import { createJdk8Parser } from './jdk8.js';
import { createOpenJ9Parser } from './openj9.js';
import type { GcLogFormat, GcLogParser } from './types.js';
import { createUnifiedParser } from './unified.js';

/** A fresh incremental parser for a detected format. */
export function createGcLogParser(format: GcLogFormat): GcLogParser {
  switch (format) {
    case 'unified':
      return createUnifiedParser();
    case 'jdk8':
      return createJdk8Parser();
    case 'openj9':
      return createOpenJ9Parser();
  }
}
