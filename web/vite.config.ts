import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

// Everything is bundled locally (no CDN, no web fonts): the UI runs on an intranet without internet access.
const config = {
  root: here,
  plugins: [react()],
  resolve: {
    // The shared contracts are consumed as TypeScript source.
    alias: { '@guantong/shared': path.resolve(here, '../shared/src/index.ts') },
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    // Keep the browser's Host header so the server's same-origin (CSRF) check sees one origin.
    proxy: { '/api': { target: 'http://127.0.0.1:3000', changeOrigin: false } },
  },
  build: {
    outDir: path.resolve(here, 'dist'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/, priority: 20 },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[\w-]+)[\\/]/, priority: 10 },
            { name: 'vendor', test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
} satisfies UserConfig;

export default defineConfig(({ command }) => {
  if (command === 'build') {
    // A build is always the production build, even when started from a test runner that sets NODE_ENV=test
    // (React and antd would otherwise ship their development code).
    process.env.NODE_ENV = 'production';
  }
  return config;
});
