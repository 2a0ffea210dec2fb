export interface AppInfo {
  version: string;
  platform: string;
  /** 'electron' in the desktop app, 'harness' in the browser e2e harness. */
  shell: 'electron' | 'harness';
}

export type TrustDirOrigin = 'docker' | 'notary' | 'iechor' | 'custom';

export interface TrustDirInfo {
  id: string;
  path: string;
  label: string;
  origin: TrustDirOrigin;
  exists: boolean;
  selected: boolean;
}
