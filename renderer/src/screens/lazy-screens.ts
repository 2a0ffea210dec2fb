import { lazyComponent } from '../components/lazy-component';

/**
 * Every screen but Keys, and the Keys screen's dialogs, each in a chunk of its own (components/lazy-component.ts):
 * the window opens on the key list, and parses these only after the list is on screen (preloadScreens).
 * Imported by name, like the modules they stand for.
 */
export const ReposScreen = lazyComponent(() => import('./repos/ReposScreen').then((m) => m.ReposScreen));
export const BackupsScreen = lazyComponent(() => import('./backups/BackupsScreen').then((m) => m.BackupsScreen));
export const TokensScreen = lazyComponent(() => import('./tokens/TokensScreen').then((m) => m.TokensScreen));
export const VaultScreen = lazyComponent(() => import('./vault/VaultScreen').then((m) => m.VaultScreen));
export const AuditScreen = lazyComponent(() => import('./audit/AuditScreen').then((m) => m.AuditScreen));
export const AboutScreen = lazyComponent(() => import('./about/AboutScreen').then((m) => m.AboutScreen));
export const LostKeyDialog = lazyComponent(() => import('./recovery-entry/LostKeyDialog').then((m) => m.LostKeyDialog));
export const GenerateKeyDialog = lazyComponent(() => import('./keys/GenerateKeyDialog').then((m) => m.GenerateKeyDialog));
export const ImportKeysDialog = lazyComponent(() => import('./keys/ImportKeysDialog').then((m) => m.ImportKeysDialog));
export const ChangePassphraseDialog = lazyComponent(() => import('./keys/ChangePassphraseDialog').then((m) => m.ChangePassphraseDialog));
export const RemoveKeyDialog = lazyComponent(() => import('./keys/RemoveKeyDialog').then((m) => m.RemoveKeyDialog));
export const ExportPublicKeyDialog = lazyComponent(() => import('./keys/ExportPublicKeyDialog').then((m) => m.ExportPublicKeyDialog));
export const TakeOfflineDialog = lazyComponent(() => import('./keys/TakeOfflineDialog').then((m) => m.TakeOfflineDialog));
export const BringOnlineDialog = lazyComponent(() => import('./keys/BringOnlineDialog').then((m) => m.BringOnlineDialog));

const ALL = [
  ReposScreen,
  BackupsScreen,
  TokensScreen,
  VaultScreen,
  AuditScreen,
  AboutScreen,
  LostKeyDialog,
  GenerateKeyDialog,
  ImportKeysDialog,
  ChangePassphraseDialog,
  RemoveKeyDialog,
  ExportPublicKeyDialog,
  TakeOfflineDialog,
  BringOnlineDialog,
];

/** Loads every chunk above, one after the other (the list stays responsive between them). */
export async function preloadScreens(): Promise<void> {
  for (const c of ALL) await c.preload().catch(() => undefined);
}
