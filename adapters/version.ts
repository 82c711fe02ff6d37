import { readFileSync } from 'node:fs';
import { packagePath } from './package-root.js';

let cached: string | undefined;

/** The version in opsctl's package.json. */
export function opsctlVersion(): string {
  cached ??= (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
  return cached;
}
