import { describe, expect, it } from 'vitest';
import { knownModulePaths } from './module-paths';

const pathsOf = (platform: NodeJS.Platform, kind: string) => knownModulePaths(platform).filter((m) => m.kind === kind).map((m) => m.path);

describe('knownModulePaths', () => {
  it('looks in the Debian multiarch folder first on Linux, for all three kinds', () => {
    expect(pathsOf('linux', 'ykcs11')[0]).toBe('/usr/lib/x86_64-linux-gnu/libykcs11.so');
    expect(pathsOf('linux', 'ykcs11')).toContain('/usr/lib/aarch64-linux-gnu/libykcs11.so.2');
    expect(pathsOf('linux', 'ykcs11')).toContain('/usr/local/lib/libykcs11.so');
    expect(pathsOf('linux', 'opensc')).toContain('/usr/lib/x86_64-linux-gnu/opensc-pkcs11.so');
    expect(pathsOf('linux', 'opensc')).toContain('/usr/lib64/opensc-pkcs11.so');
    expect(pathsOf('linux', 'softhsm2')).toContain('/usr/lib/softhsm/libsofthsm2.so');
    expect(pathsOf('linux', 'softhsm2')).toContain('/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so');
  });

  it('uses the Linux list for other Unixes too', () => {
    expect(knownModulePaths('freebsd')).toEqual(knownModulePaths('linux'));
  });

  it('knows the macOS install places (Homebrew on both architectures, the OpenSC installer)', () => {
    expect(pathsOf('darwin', 'ykcs11')).toEqual(expect.arrayContaining(['/usr/local/lib/libykcs11.dylib', '/opt/homebrew/lib/libykcs11.dylib']));
    expect(pathsOf('darwin', 'opensc')[0]).toBe('/Library/OpenSC/lib/opensc-pkcs11.so');
    expect(pathsOf('darwin', 'softhsm2')).toContain('/opt/homebrew/lib/softhsm/libsofthsm2.so');
  });

  it('knows the Windows installers', () => {
    expect(pathsOf('win32', 'ykcs11')[0]).toBe('C:\\Program Files\\Yubico\\Yubico PIV Tool\\bin\\libykcs11.dll');
    expect(pathsOf('win32', 'opensc')[0]).toBe('C:\\Windows\\System32\\opensc-pkcs11.dll');
    expect(pathsOf('win32', 'softhsm2')).toEqual(['C:\\SoftHSM2\\lib\\softhsm2-x64.dll']);
  });

  it('never lists a path twice and gives a fresh array each time', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const paths = knownModulePaths(platform).map((m) => m.path);
      expect(new Set(paths).size).toBe(paths.length);
    }
    const a = knownModulePaths('linux');
    a.pop();
    expect(knownModulePaths('linux').length).toBe(a.length + 1);
  });
});
