/**
 * The Tokens screen: hardware tokens (PKCS#11: YubiKey, smart cards, SoftHSM2) that can hold root keys, their PIN
 * state, a root key on a token (two ways), and diagnostics.
 *
 * Names the e2e specs can rely on (keep them stable):
 *   Screen     heading "Tokens" (h1); tablist "Tokens" with tabs "Connected tokens", "Diagnostics"; panels role=tabpanel
 *              with their h2; data-testid="no-tokens" when none is connected.
 *   Token      article data-testid="token-card" data-token-id=ID data-token-label=LABEL (named by its h3, the label);
 *              data-testid="token-flags" (badges: unlocked, login required, default PIN, PIN count low, final try,
 *              locked); data-testid="token-serial"; data-testid="token-warning" data-warning=locked|final-try|
 *              pin-count-low|default-pin|pin-to-change|not-initialized; data-testid="token-advisory"
 *              data-advisory-id=ID; keys data-testid="token-key" data-key-id=ID; buttons "Unlock with PIN…",
 *              "Create a root key on this token…", "Lock".
 *   PIN        dialog "Unlock <label>" (data-testid="pin-dialog"): textbox "Token PIN", checkbox "Try the default PIN
 *              123456 …" (data-testid="default-pin-why" explains it), buttons "Cancel", "Unlock"; a refused PIN shows
 *              data-testid="pin-error" data-error-code=CODE with the token's own message.
 *   Root       dialog "Root key on <label>" (data-testid="token-root-wizard"): step data-testid="token-root-step"
 *              data-step=way|no-backup; radios "Notary’s way: …" and "On the token only: …";
 *              data-testid="token-root-tradeoff"; "Next"; import: the passphrase step (final button "Create the key on
 *              the token"); on-device: data-testid="no-backup-warning", data-testid="second-token-suggestion", checkbox
 *              "I understand that no backup of this key is possible", button "Create the key on the token"; done
 *              data-testid="token-root-done" data-way=import|on-device, data-testid="token-root-id",
 *              data-testid="token-root-backup-file", buttons "Back up to USB drives now", "Show the key", "Done".
 *   Diagnose   data-testid="token-diagnostics": buttons "Add a module…", "Check again"; modules data-testid="diag-module"
 *              data-module-path=PATH data-state=loaded|not-found|failed|not-tried with data-testid="diag-module-error";
 *              table "Slots" rows data-testid="diag-slot"; tokens data-testid="diag-token" data-token-label=LABEL.
 *   Touch      data-testid="touch-prompt" (role="alert") while a token waits for a touch.
 */
import { useEffect, useState } from 'react';
import { TabList, TabPanel } from '../../components/TabList';
import { useShallow } from 'zustand/react/shallow';
import { ErrorNote } from '../../components/ErrorNote';
import { useStore } from '../../store';
import type { TokensTab } from '../../store/types';
import { PinDialog } from './PinDialog';
import { RootOnTokenWizard } from './RootOnTokenWizard';
import { TokenCard } from './TokenCard';
import { TokenDiagnostics } from './TokenDiagnostics';
import { ScreenHeader } from '../../components/ScreenHeader';

const TABS: { id: TokensTab; name: string; purpose: string }[] = [
  { id: 'tokens', name: 'Connected tokens', purpose: 'The tokens plugged in now, their PIN state and the keys on them. They appear and disappear as you plug them.' },
  { id: 'diagnostics', name: 'Diagnostics', purpose: 'Why a token does or does not show: each driver (PKCS#11 module), slot and token, and known firmware advisories.' },
];

type PinRequest = { tokenId: string; then: 'unlock' | 'root' };

export function TokensScreen() {
  const { tab, showTab, tokens, state, error, loadTokens } = useStore(
    useShallow((s) => ({
      tab: s.tokensTab,
      showTab: s.showTokensTab,
      tokens: s.tokens,
      state: s.tokensState,
      error: s.tokensError,
      loadTokens: s.loadTokens,
    })),
  );
  const [pinFor, setPinFor] = useState<PinRequest | null>(null);
  const [rootFor, setRootFor] = useState<string | null>(null);

  useEffect(() => {
    void loadTokens();
  }, [loadTokens]);


  const startRoot = (tokenId: string) => {
    const t = tokens.find((x) => x.id === tokenId);
    if (t && !t.loggedIn) setPinFor({ tokenId, then: 'root' });
    else setRootFor(tokenId);
  };

  return (
    <div className="tokens-screen">
      <ScreenHeader
        title="Tokens"
        purpose="Hardware tokens such as a YubiKey keep a root key where malware cannot copy it: see which are connected, unlock them, and put a root key on one."
      />

      <TabList
        tabs={TABS}
        current={tab}
        onSelect={showTab}
        label="Tokens"
        idPrefix="tokens"
        extra={(id) => (id === 'tokens' && tokens.length > 0 ? <span className="tab-count">{tokens.length}</span> : null)}
      />

      {TABS.map((t) => (
        <TabPanel
          key={t.id}
          idPrefix="tokens"
          id={t.id}
          current={tab}
          name={t.name}
          purpose={t.purpose}
          action={
            <>
            {t.id === 'tokens' && (
              <button type="button" className="button button-secondary" onClick={() => void loadTokens()} disabled={state === 'loading'}>
                Check again
              </button>
            )}
            </>
          }
        >
          {t.id === 'tokens' && (
            <>
              {error && <ErrorNote error={error} />}
              {state === 'loading' && tokens.length === 0 && <p className="loading">Looking for tokens…</p>}
              {state === 'ready' && tokens.length === 0 && (
                <div className="empty-note token-empty" data-testid="no-tokens">
                  <p>
                    <strong>No token is connected.</strong> Plug yours in: it shows here within a few seconds.
                  </p>
                  <p className="muted">
                    If it does not, its driver may be missing.{' '}
                    <button type="button" className="button button-ghost button-small" onClick={() => showTab('diagnostics')}>
                      See the diagnostics
                    </button>
                  </p>
                </div>
              )}
              <div className="token-cards">
                {tokens.map((token) => (
                  <TokenCard
                    key={token.id}
                    token={token}
                    onUnlock={() => setPinFor({ tokenId: token.id, then: 'unlock' })}
                    onCreateRoot={() => startRoot(token.id)}
                  />
                ))}
              </div>
            </>
          )}
          {t.id === 'diagnostics' && tab === 'diagnostics' && <TokenDiagnostics />}
        </TabPanel>
      ))}

      {pinFor && (
        <PinDialog
          tokenId={pinFor.tokenId}
          reason={pinFor.then === 'root' ? 'to make a root key on it' : undefined}
          onClose={() => setPinFor(null)}
          onUnlocked={() => {
            const next = pinFor;
            setPinFor(null);
            if (next.then === 'root') setRootFor(next.tokenId);
          }}
        />
      )}
      {rootFor && <RootOnTokenWizard tokenId={rootFor} onClose={() => setRootFor(null)} />}
    </div>
  );
}
