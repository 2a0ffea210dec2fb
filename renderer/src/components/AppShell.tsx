import { Suspense, useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/dto/app';
import { vault } from '../api';
import { type ScreenName, useStore } from '../store';
import { KeysScreen } from '../screens/keys/KeysScreen';
// The other screens load after the key list shows (issue 17): screens/lazy-screens.ts.
import { AboutScreen, AuditScreen, BackupsScreen, LostKeyDialog, preloadScreens, ReposScreen, TokensScreen, VaultScreen } from '../screens/lazy-screens';
import { TouchPrompt } from '../screens/tokens/TouchPrompt';
import { BackToRecovery } from '../screens/recovery-entry/BackToRecovery';
import { BACKUPS_BADGE_ID, BackupsNavBadge } from './BackupsNavBadge';
import { missingBackups } from '../screens/keys/key-backup';
import { afterPaint } from './after-paint';
import { DropZone } from './DropZone';
import { useShellCommands } from './shell-commands';
import { useTheme } from './theme';
import { Icon, type IconName } from './Icon';
import { Notices } from './Notices';
import { TrustDirChooser } from './TrustDirChooser';
import { VaultLockControl } from './VaultLockControl';

const SCREENS: { id: ScreenName; name: string; icon: IconName }[] = [
  { id: 'keys', name: 'Keys', icon: 'key' },
  { id: 'repos', name: 'Repositories', icon: 'repo' },
  { id: 'backups', name: 'Backups', icon: 'backup' },
  { id: 'tokens', name: 'Tokens', icon: 'token' },
  { id: 'vault', name: 'Vault', icon: 'vault' },
  { id: 'audit', name: 'Audit', icon: 'audit' },
];

export function AppShell() {
  const loadTrustDirs = useStore((s) => s.loadTrustDirs);
  const screen = useStore((s) => s.screen);
  const showScreen = useStore((s) => s.showScreen);
  const watchTokenEvents = useStore((s) => s.watchTokenEvents);
  const loadTokens = useStore((s) => s.loadTokens);
  const watchVaultEvents = useStore((s) => s.watchVaultEvents);
  const loadVaultStatus = useStore((s) => s.loadVaultStatus);
  const touchVault = useStore((s) => s.touchVault);
  const [info, setInfo] = useState<AppInfo | null>(null);
  useEffect(() => {
    // main.tsx asked already, before the first render: the listing does not wait for the shell to paint.
    if (useStore.getState().trustDirsState === 'idle') void loadTrustDirs();
    void vault.app.info({}).then((r) => {
      if (r.ok) setInfo(r.value);
    });
  }, [loadTrustDirs]);
  // Tokens are followed from the start: a touch prompt can come from any screen, and token keys belong in the key list.
  useEffect(() => {
    const off = watchTokenEvents();
    void loadTokens();
    return off;
  }, [watchTokenEvents, loadTokens]);
  // A click on an expiry notification (main) opens the repository to re-sign (issue 15).
  const watchExpiryNotices = useStore((s) => s.watchExpiryNotices);
  useEffect(() => watchExpiryNotices(), [watchExpiryNotices]);
  // The vault: its state for the header, its lock wiping every slice, and activity keeping it unlocked.
  useEffect(() => {
    const off = watchVaultEvents();
    void loadVaultStatus();
    return off;
  }, [watchVaultEvents, loadVaultStatus]);
  // After a lock wiped the store, the other screens read their folders again when the person goes to one
  // (the Vault screen's unlock form stays empty behind it).
  const trustDirsState = useStore((s) => s.trustDirsState);
  const tokensState = useStore((s) => s.tokensState);
  useEffect(() => {
    if (screen === 'vault') return;
    if (trustDirsState === 'idle') void loadTrustDirs();
    if (tokensState === 'idle') void loadTokens();
  }, [screen, trustDirsState, tokensState, loadTrustDirs, loadTokens]);
  useTheme();
  useShellCommands();
  // The backup state of every key follows the key list: the list's backup column and the Backups badge read it.
  // Asked once the listing is in and on screen: not for the empty list a folder change shows while its keys load
  // (that report would be thrown away), and not ahead of the list's first paint (the column shows "—" until then).
  const keys = useStore((s) => s.keys);
  const keysLoading = useStore((s) => s.keysState === 'loading');
  const loadCoverage = useStore((s) => s.loadCoverage);
  useEffect(() => {
    if (screen === 'vault' || screen === 'about' || keysLoading) return;
    return afterPaint(() => void loadCoverage());
  }, [keys, keysLoading, loadCoverage, screen]);
  // Notices belong to the screen they were shown on: another screen starts without them.
  const clearNotices = useStore((s) => s.clearNotices);
  useEffect(() => clearNotices(), [screen, clearNotices]);
  // "Lost a key?" asked for a repository's recovery: open that repository once the Repositories screen shows.
  const pendingRecoveryGun = useStore((s) => s.pendingRecoveryGun);
  const selectedGun = useStore((s) => s.selectedGun);
  const openRepo = useStore((s) => s.openRepo);
  useEffect(() => {
    if (screen === 'repos' && pendingRecoveryGun && selectedGun !== pendingRecoveryGun) void openRepo(pendingRecoveryGun);
  }, [screen, pendingRecoveryGun, selectedGun, openRepo]);
  const backupsMissing = useStore((s) => missingBackups(s.coverage).count > 0);
  const lostKeyDialog = useStore((s) => (s.dialog?.type === 'lostKey' ? s.dialog : null));

  // The chunks of the other screens and dialogs, once the window has shown something: a screen or dialog then
  // opens without waiting for its chunk.
  useEffect(() => afterPaint(() => void preloadScreens(), 1000), []);

  useEffect(() => {
    const active = () => touchVault();
    window.addEventListener('keydown', active, true);
    window.addEventListener('pointerdown', active, true);
    window.addEventListener('wheel', active, { capture: true, passive: true });
    return () => {
      window.removeEventListener('keydown', active, true);
      window.removeEventListener('pointerdown', active, true);
      window.removeEventListener('wheel', active, true);
    };
  }, [touchVault]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <aside className="sidebar">
        <div className="brand">
          <span className="brand-mark">
            <Icon name="shield" size={20} />
          </span>
          <span>
            <span className="brand-name">Trust Vault</span>
            <span className="brand-sub">Content trust signing keys</span>
          </span>
        </div>
        <VaultLockControl />
        <nav aria-label="Screens" className="nav">
          <ul role="list">
            {SCREENS.map((s) => (
              <li key={s.id}>
                <a
                  href="#main"
                  className={`nav-item${screen === s.id ? ' active' : ''}`}
                  aria-current={screen === s.id ? 'page' : undefined}
                  title={s.name}
                  aria-describedby={s.id === 'backups' && backupsMissing ? BACKUPS_BADGE_ID : undefined}
                  onClick={() => showScreen(s.id)}
                >
                  <Icon name={s.icon} /> <span className="nav-label">{s.name}</span>
                  {s.id === 'backups' && <BackupsNavBadge />}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <TrustDirChooser />
        <div className="sidebar-footer">
          <a
            href="#main"
            className={`nav-item nav-about${screen === 'about' ? ' active' : ''}`}
            aria-current={screen === 'about' ? 'page' : undefined}
            title="About and settings"
            onClick={() => showScreen('about')}
          >
            <Icon name="info" /> <span className="nav-label">About and settings</span>
          </a>
          {info && (
            <p className="sidebar-version" data-testid="app-version">
              Trust Vault {info.version}
              {info.shell === 'harness' ? ' · test harness' : ''}
            </p>
          )}
        </div>
      </aside>
      <div className="main-column">
      {/* Above the screen, in the flow: the recovery wizard waiting for what this screen does (issue 16, point 7). */}
      <BackToRecovery />
      <main id="main" className="main" tabIndex={-1}>
        <Suspense fallback={null}>
        {screen === 'repos' ? (
          <ReposScreen />
        ) : screen === 'backups' ? (
          <BackupsScreen />
        ) : screen === 'tokens' ? (
          <TokensScreen />
        ) : screen === 'vault' ? (
          <VaultScreen />
        ) : screen === 'audit' ? (
          <AuditScreen />
        ) : screen === 'about' ? (
          <AboutScreen />
        ) : (
          <KeysScreen />
        )}
        </Suspense>
      </main>
      {/* In the flow below the screen, never over it: a notice cannot cover what it is about. */}
      <Notices />
      </div>
      <TouchPrompt />
      <DropZone />
      {lostKeyDialog && (
        <Suspense fallback={null}>
          <LostKeyDialog keyId={lostKeyDialog.keyId} />
        </Suspense>
      )}
    </div>
  );
}
