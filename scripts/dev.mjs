// npm run dev: the server with tsx watch (restarts on change) and Vite's dev server with hot reload.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const children = [
  spawn('npx', ['tsx', 'watch', 'server/src/main.ts'], { cwd: root, stdio: 'inherit', env: process.env }),
  spawn('npx', ['vite', '--host', '127.0.0.1'], { cwd: path.join(root, 'web'), stdio: 'inherit', env: process.env }),
];
console.log('API on http://127.0.0.1:3000, UI with hot reload on http://127.0.0.1:5173');
const stop = () => {
  for (const c of children) {
    c.kill('SIGTERM');
  }
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
