import { basename } from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { DROP_PATHS } from './vault-bridge';

/**
 * Drops files from the test's temporary folder on the window, as a person drags them from a file manager: a real
 * DataTransfer with File objects (their bytes) fires dragenter, dragover and drop on the target. The path of each
 * file is what Electron's webUtils.getPathForFile would give the preload; here the bridge's stand-in reads it from a
 * table the spec fills (file name → path), so core reads the very file on disk.
 */
export async function dropFiles(page: Page, selector: string, paths: string[]): Promise<void> {
  const files = await Promise.all(paths.map(async (p) => ({ name: basename(p), path: p, text: await readFile(p, 'utf8') })));
  await page.evaluate(
    ([table, files, selector]) => {
      const w = window as unknown as Record<string, Record<string, string>>;
      w[table] = Object.fromEntries(files.map((f) => [f.name, f.path]));
      const dt = new DataTransfer();
      for (const f of files) dt.items.add(new File([f.text], f.name, { type: 'application/x-pem-file' }));
      const target = document.querySelector(selector)!;
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: dt }));
      }
    },
    [DROP_PATHS, files, selector] as const,
  );
}
