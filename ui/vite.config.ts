// The web UI's build: `vite build --config ui/vite.config.ts` writes dist/ui, which
// `ariadne start` serves. `vite --config ui/vite.config.ts` runs a dev server that
// proxies the API to an `ariadne start` on 127.0.0.1:16686.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    // Every script is a file the CSP's script-src 'self' allows; nothing inline.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    sourcemap: true,
    target: 'es2022',
  },
  server: {
    proxy: { '/api': 'http://127.0.0.1:16686' },
  },
});
