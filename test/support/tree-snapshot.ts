import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';

/** Every entry under a folder with its mode, size, mtime and content hash: equal snapshots = nothing written. */
export function snapshotTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const abs = join(dir, name);
      const r = rel ? `${rel}/${name}` : name;
      const st = lstatSync(abs);
      if (st.isDirectory()) {
        out[r] = `dir ${st.mode.toString(8)} ${st.mtimeMs}`;
        walk(abs, r);
      } else if (st.isSymbolicLink()) out[r] = `link -> ${readlinkSync(abs)}`;
      else out[r] = `file ${st.mode.toString(8)} ${st.mtimeMs} ${readFileSync(abs).toString('base64')}`;
    }
  };
  walk(root, '');
  return out;
}
