import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { compileHints } from './build/compileHints';

/**
 * The dev server proxies the API and the sync socket to the Accord server so
 * that the browser sees one origin, as in production: the session cookie and
 * the origin-derived WebSocket URL then work unchanged.
 */
const SERVER = process.env.ACCORD_SERVER ?? 'http://127.0.0.1:8080';

export default defineConfig({
  // The memo page's chunk (the editor) is compiled eagerly: see build/compileHints.
  plugins: [react(), compileHints(/[\\/]src[\\/]memo[\\/]MemoPage\.tsx$/)],
  server: {
    proxy: {
      '/api': { target: SERVER, changeOrigin: false },
      '/sync': { target: SERVER, ws: true, changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: SERVER, changeOrigin: false },
      '/sync': { target: SERVER, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
  },
});
