import winston from 'winston';
import { SECRET_KEY } from '../../core/config/schema.js';

export type LogFormat = 'json' | 'text';
export type Logger = winston.Logger;

export interface LoggerOptions {
  level: 'error' | 'warn' | 'info' | 'debug';
  format: LogFormat;
  /** Extra fields on every line (e.g. `{ service: 'exporter' }`). */
  defaultMeta?: Record<string, unknown>;
  /** @default process.stderr */
  stream?: NodeJS.WritableStream;
}

/** Replaces the values of secret-looking fields with `***`, at any depth. */
const redact = winston.format((info) => redactInPlace(info) as winston.Logform.TransformableInfo);

function redactInPlace(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(key) && typeof child === 'string' && child !== '')
      (value as Record<string, unknown>)[key] = '***';
    else redactInPlace(child, depth + 1);
  }
  return value;
}

/**
 * Winston logger: JSON lines for services (one object per line, `time`, `level`, `msg`...),
 * a short human form for the CLI (`warn: message key=value`). Secrets are redacted in both.
 */
export function createLogger(options: LoggerOptions): Logger {
  const text = winston.format.printf((info) => {
    const { level, message, timestamp: _t, ...rest } = info;
    const fields = Object.entries(rest)
      .filter(([k]) => typeof k === 'string')
      .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
      .join(' ');
    return `${level}: ${String(message)}${fields ? ' ' + fields : ''}`;
  });
  return winston.createLogger({
    level: options.level,
    defaultMeta: options.defaultMeta,
    format: winston.format.combine(
      redact(),
      winston.format.timestamp({ alias: 'time' }),
      options.format === 'json' ? winston.format.json() : text,
    ),
    transports: [new winston.transports.Stream({ stream: options.stream ?? process.stderr })],
  });
}
