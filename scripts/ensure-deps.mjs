// Runs before `npm start` / `npm test`: on a fresh clone, installs the npm dependencies from the
// lockfile so the README's quick start is two commands. Does nothing when they are installed.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url);
if (!existsSync(new URL('node_modules/.package-lock.json', root))) {
  console.error('opsctl: installing npm dependencies (npm ci)...');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error('opsctl: npm ci failed; check your network access to the npm registry and try again');
    process.exit(result.status ?? 1);
  }
}
