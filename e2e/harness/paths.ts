import { join, resolve } from 'node:path';

// Both Playwright's loader and tsx load these files as CommonJS (package.json has no "type": "module").
export const REPO_ROOT = resolve(__dirname, '../..');

/** The built renderer the harness serves (`npm run build:renderer`). */
export const RENDERER_DIR = resolve(process.env.TRUST_VAULT_RENDERER_DIR ?? join(REPO_ROOT, 'dist/renderer'));

/** Where specs save their screenshots (PNGs are gitignored). */
export const SCREENSHOT_DIR = join(REPO_ROOT, 'e2e/screenshots');
