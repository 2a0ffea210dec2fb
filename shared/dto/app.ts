export interface AppInfo {
  version: string;
  platform: string;
  /** 'electron' in the desktop app, 'harness' in the browser e2e harness. */
  shell: 'electron' | 'harness';
  /** Runtime versions for the About screen (electron and chrome only inside Electron). */
  versions?: { electron?: string; chrome?: string; node?: string };
}

/** What the native application menu and the keyboard shortcuts ask the window to do. */
export const MENU_COMMANDS = ['generate', 'import', 'filter', 'lock', 'about', 'report-problem'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export type TrustDirOrigin = 'docker' | 'notary' | 'iechor' | 'custom';

export interface TrustDirInfo {
  id: string;
  path: string;
  label: string;
  origin: TrustDirOrigin;
  exists: boolean;
  selected: boolean;
}
