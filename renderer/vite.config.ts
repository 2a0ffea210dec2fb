import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// Built with `vite build --config renderer/vite.config.ts`; the output goes to dist/renderer at the repo root and is
// loaded from file:// by Electron (and served by the e2e harness), hence relative asset paths.
const here = import.meta.dirname;

export default defineConfig({
  root: here,
  base: './',
  plugins: [react()],
  build: {
    outDir: `${here}/../dist/renderer`,
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // Keep the CSP simple: no inline module-preload polyfill, no data: URLs for assets.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // The strength estimator's dictionaries (~1.2 MB) are one lazily loaded chunk, fetched when a passphrase is set.
    chunkSizeWarningLimit: 1600,
  },
  server: { strictPort: true },
});
