import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The version in opsctl's package.json (found by walking up from this file, in src or dist). */
export function opsctlVersion(): string {
  if (cached) return cached;
  for (const rel of ['../package.json', '../../package.json', '../../../package.json']) {
    try {
      const pkg = JSON.parse(readFileSync(new URL(rel, import.meta.url), 'utf8')) as {
        name?: string;
        version?: string;
      };
      if (pkg.name === 'opsctl' && pkg.version) return (cached = pkg.version);
    } catch {
      // not at this level; try the next one up
    }
  }
  return (cached = '0.0.0-unknown');
}
