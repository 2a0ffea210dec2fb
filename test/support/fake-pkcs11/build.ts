import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

export type FakeModuleMode = 'hang' | 'crash' | 'locked';

const here = dirname(fileURLToPath(import.meta.url));
// pkcs11js ships the OASIS headers it was built against: the fake module uses the very same structure layouts.
const headers = join(here, '../../../node_modules/pkcs11js/includes/pkcs11');

/** Compiles fake-module.c in one misbehaviour into `dir`; returns the .so path. Needs gcc. */
export function buildFakeModule(mode: FakeModuleMode, dir: string): string {
  const out = join(dir, `fake-${mode}.so`);
  execFileSync(
    'gcc',
    ['-shared', '-fPIC', '-Wall', '-Werror', '-Wno-cast-function-type', `-DFAKE_${mode.toUpperCase()}`, '-I', headers, '-o', out, join(here, 'fake-module.c')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  return out;
}
