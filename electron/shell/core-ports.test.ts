import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { createElectronPorts } from './core-ports';
import { silentEvents } from '../core/ports';
import { hostEnvironment } from '../core/process/test-hooks';
import { DATA_FOLDER_NAME, userDataPath } from './data-dir';

const app = {
  getPath: vi.fn((name: string) => ({ userData: '/home/u/.config/trust-vault', home: '/home/u' })[name] ?? `/unexpected/${name}`),
  getVersion: () => '0.1.0',
};
const dialogs = { chooseFolder: vi.fn(), chooseFilesToOpen: vi.fn(), chooseFileToSave: vi.fn() };
const clipboard = { writeText: vi.fn(), readText: vi.fn(), clear: vi.fn() };

describe('createElectronPorts', () => {
  it("gives core Electron's userData folder, the home folder and $DOCKER_CONFIG", () => {
    const ports = createElectronPorts({ app, dialogs, clipboard, events: silentEvents, tokenWorker: () => { throw new Error('no token worker in this test'); }, env: { DOCKER_CONFIG: '/home/u/.dockercfg' }, platform: 'linux' });
    expect(ports.dataDir).toBe('/home/u/.config/trust-vault');
    expect(ports.env).toEqual({ home: '/home/u', dockerConfig: '/home/u/.dockercfg' });
    expect(ports.app).toMatchObject({ version: '0.1.0', platform: 'linux', shell: 'electron', versions: { node: process.versions.node } });
    expect(ports.dialogs).toBe(dialogs);
    expect(ports.clipboard).toBe(clipboard);
  });

  it('treats an empty $DOCKER_CONFIG as unset', () => {
    expect(createElectronPorts({ app, dialogs, clipboard, events: silentEvents, tokenWorker: () => { throw new Error('no token worker in this test'); }, env: { DOCKER_CONFIG: '' } }).env.dockerConfig).toBeUndefined();
    expect(createElectronPorts({ app, dialogs, clipboard, events: silentEvents, tokenWorker: () => { throw new Error('no token worker in this test'); }, env: {} }).env.dockerConfig).toBeUndefined();
  });
});

describe('test hooks in the packaged app (issue 12, point 6)', () => {
  const noWorker = () => {
    throw new Error('no token worker in this test');
  };
  it('development: TRUST_VAULT_PKCS11_MODULES reaches the token service; packaged (hostEnvironment): nothing does', () => {
    const env = { TRUST_VAULT_PKCS11_MODULES: '/tmp/test.so', TRUST_VAULT_INJECT_DRIVES: '/tmp/drives.json' };
    expect(createElectronPorts({ app, dialogs, clipboard, events: silentEvents, tokenWorker: noWorker, env: hostEnvironment(env, false) }).tokenModules).toBe('/tmp/test.so');
    expect(createElectronPorts({ app, dialogs, clipboard, events: silentEvents, tokenWorker: noWorker, env: hostEnvironment(env, true) }).tokenModules).toBeUndefined();
  });
});

describe('userDataPath', () => {
  it('is a fixed folder inside the platform app-data folder', () => {
    expect(DATA_FOLDER_NAME).toBe('trust-vault');
    expect(userDataPath('/home/u/.config')).toBe(join('/home/u/.config', 'trust-vault'));
  });
});
