/**
 * Where ykcs11 (Yubico), OpenSC and SoftHSM2 are usually installed, most likely first within each kind. Only a
 * list: the caller checks which files exist. Pure, so the UI can show what was looked for on any platform.
 */

export type KnownModuleKind = 'ykcs11' | 'opensc' | 'softhsm2';

export interface KnownModulePath {
  path: string;
  kind: KnownModuleKind;
}

/** Debian/Ubuntu multiarch folders first (what apt installs), then the Red Hat, plain and hand-built folders. */
const LINUX_LIB_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib/aarch64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/lib'];

function linux(): KnownModulePath[] {
  const inDirs = (kind: KnownModuleKind, ...names: string[]): KnownModulePath[] =>
    LINUX_LIB_DIRS.flatMap((dir) => names.map((name) => ({ path: `${dir}/${name}`, kind })));
  return [
    // libykcs11.so is only a development symlink on some distributions; the .2 is what the runtime package ships.
    ...inDirs('ykcs11', 'libykcs11.so', 'libykcs11.so.2'),
    // OpenSC puts the module in the lib folder on some distributions and in a pkcs11/ subfolder on others.
    ...inDirs('opensc', 'opensc-pkcs11.so', 'pkcs11/opensc-pkcs11.so'),
    ...inDirs('softhsm2', 'softhsm/libsofthsm2.so', 'libsofthsm2.so', 'pkcs11/libsofthsm2.so'),
  ];
}

function macos(): KnownModulePath[] {
  return [
    { path: '/usr/local/lib/libykcs11.dylib', kind: 'ykcs11' },
    { path: '/opt/homebrew/lib/libykcs11.dylib', kind: 'ykcs11' },
    // Yubico's signed installer also puts the module inside its app bundle.
    { path: '/Applications/YubiKey Manager.app/Contents/MacOS/libykcs11.dylib', kind: 'ykcs11' },
    { path: '/Library/OpenSC/lib/opensc-pkcs11.so', kind: 'opensc' },
    { path: '/usr/local/lib/opensc-pkcs11.so', kind: 'opensc' },
    { path: '/opt/homebrew/lib/opensc-pkcs11.so', kind: 'opensc' },
    { path: '/usr/local/lib/softhsm/libsofthsm2.so', kind: 'softhsm2' },
    { path: '/opt/homebrew/lib/softhsm/libsofthsm2.so', kind: 'softhsm2' },
  ];
}

function windows(): KnownModulePath[] {
  return [
    { path: 'C:\\Program Files\\Yubico\\Yubico PIV Tool\\bin\\libykcs11.dll', kind: 'ykcs11' },
    { path: 'C:\\Program Files (x86)\\Yubico\\Yubico PIV Tool\\bin\\libykcs11.dll', kind: 'ykcs11' },
    { path: 'C:\\Windows\\System32\\opensc-pkcs11.dll', kind: 'opensc' },
    { path: 'C:\\Program Files\\OpenSC Project\\OpenSC\\pkcs11\\opensc-pkcs11.dll', kind: 'opensc' },
    { path: 'C:\\SoftHSM2\\lib\\softhsm2-x64.dll', kind: 'softhsm2' },
  ];
}

export function knownModulePaths(platform: NodeJS.Platform = process.platform): KnownModulePath[] {
  if (platform === 'win32') return windows();
  if (platform === 'darwin') return macos();
  return linux();
}
