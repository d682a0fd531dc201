// Builds the web UI when web/dist is missing or older than any source it is built from.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const distIndex = path.join(root, 'web', 'dist', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  if (!fs.existsSync(dir)) {
    return newest;
  }
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') {
      continue;
    }
    const full = path.join(dir, entry.name);
    const m = entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs;
    newest = Math.max(newest, m);
  }
  return newest;
}

/** True when the build is missing or stale. */
export function webBuildIsStale() {
  if (!fs.existsSync(distIndex)) {
    return true;
  }
  const built = fs.statSync(distIndex).mtimeMs;
  const sources = Math.max(
    newestMtime(path.join(root, 'web', 'src')),
    newestMtime(path.join(root, 'web', 'public')),
    newestMtime(path.join(root, 'shared', 'src')),
    ...['index.html', 'vite.config.ts', 'package.json'].map((f) => {
      const p = path.join(root, 'web', f);
      return fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0;
    }),
  );
  return sources > built;
}

/** Builds the UI if needed; exits the process on a failed build. */
export function ensureWebBuild() {
  if (!webBuildIsStale()) {
    return;
  }
  console.log('Building the web UI (web/dist is missing or stale)…');
  const res = spawnSync('npm', ['run', 'build', '-w', 'web'], { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) {
    console.error('The web UI build failed.');
    process.exit(res.status ?? 1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  ensureWebBuild();
}
