import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppShell } from './components/AppShell';
import './styles/base.css';
import './styles/shell.css';
import './styles/keys.css';
import './styles/repos.css';
import './styles/dialogs.css';
import './styles/passphrase.css';
import './styles/backups.css';
import './styles/tokens.css';
import './styles/publish.css';
import './styles/vault.css';
import './styles/lookup.css';
import './styles/leftovers.css';
import './styles/theme.css';
import './styles/compact.css';
import { applyInitialTheme } from './components/theme';
import { useStore } from './store';

applyInitialTheme();

const root = createRoot(document.getElementById('root')!);

if (!('vault' in window) || !window.vault) {
  // Opened outside the app (no preload): say so instead of failing on the first call.
  root.render(
    <main className="fatal">
      <h1>Trust Vault</h1>
      <p>This window has no connection to the vault. Start it with the Trust Vault app.</p>
    </main>,
  );
} else {
  // The trust folders, then the selected folder's keys, are asked for now: core reads them while React renders and
  // paints the shell, instead of after (AppShell's effects run once the first frame is painted).
  void useStore.getState().loadTrustDirs();
  root.render(
    <StrictMode>
      <AppShell />
    </StrictMode>,
  );
}
