import { homedir } from 'node:os';
import { join } from 'node:path';
import { userDataPath } from '../shell/data-dir';

/**
 * The desktop app's data folder, found the way Electron finds app.getPath('appData') on each platform, then named
 * by the same function main.ts uses, so the CLI and the app share settings and the listing index.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform): string {
  const home = env.HOME || env.USERPROFILE || homedir();
  if (platform === 'darwin') return userDataPath(join(home, 'Library', 'Application Support'));
  if (platform === 'win32') return userDataPath(env.APPDATA || join(home, 'AppData', 'Roaming'));
  return userDataPath(env.XDG_CONFIG_HOME || join(home, '.config'));
}
