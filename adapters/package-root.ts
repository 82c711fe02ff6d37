import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The folder of opsctl's package.json, found by walking up from this file, so that files shipped
 * beside the code (Java sources, fixture logs) resolve the same from sources and from `dist/`.
 */
export function packageRoot(): string {
  if (cached) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string };
      if (pkg.name === 'opsctl') return (cached = dir);
    }
    dir = dirname(dir);
  }
  throw new Error(`cannot find opsctl's package.json above ${fileURLToPath(import.meta.url)}`);
}

/** A path inside the opsctl package: `packagePath('sim', 'java', 'GcWorkload.java')`. */
export function packagePath(...parts: string[]): string {
  return join(packageRoot(), ...parts);
}
