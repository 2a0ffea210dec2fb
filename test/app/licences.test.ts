// The About screen's licence list (renderer/src/screens/about/licences.ts) against the installed packages; here
// because renderer code may not import node: modules.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUNDLED } from '../../renderer/src/screens/about/licences';

const root = join(__dirname, '..', '..');

describe('the licences the About screen lists', () => {
  it.each(BUNDLED.map((c) => [c.name, c] as const))('%s: as installed', (name, c) => {
    const pkg = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string; license: string };
    expect({ version: c.version, license: c.license }).toEqual({ version: pkg.version, license: pkg.license });
  });
});
