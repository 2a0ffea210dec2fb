import { join } from 'node:path';

/**
 * The app's own data folder inside the platform's app-data folder (~/.config, ~/Library/Application Support,
 * %APPDATA%). Named explicitly rather than left to Electron, which would derive it from productName in a packaged
 * build and from package.json's name in development: the app and the CLI must always find the same folder.
 */
export const DATA_FOLDER_NAME = 'trust-vault';

export const userDataPath = (appDataDir: string): string => join(appDataDir, DATA_FOLDER_NAME);
