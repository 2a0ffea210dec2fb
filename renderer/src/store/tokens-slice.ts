import type { StateCreator } from 'zustand';
import type { Result } from '../../../shared/result';
import { vault, vaultEvents } from '../api';
import { tokenChanges, tokenKeysSignature, tokenName } from '../screens/tokens/token-text';
import type { AppState, Outcome, TokensSlice } from './types';

export const initialTokens = {
  tokensTab: 'tokens',
  tokens: [],
  tokensState: 'idle',
  tokensError: null,
  tokenDiagnostics: null,
  tokenDiagnosticsState: 'idle',
  tokenDiagnosticsError: null,
  touchWaiting: [],
} satisfies Partial<TokensSlice>;

const outcome = <T>(r: Result<T>): Outcome<T> => (r.ok ? { ok: true, value: r.value } : { ok: false, error: { code: r.code, message: r.message } });

let listSeq = 0;
let diagnosticsSeq = 0;

/**
 * Tokens: the list main reports and follows, diagnostics, login and a root key on a token. PINs and passphrases pass
 * through these actions to main once and are never put in the store.
 */
export const createTokensSlice: StateCreator<AppState, [], [], TokensSlice> = (set, get) => {
  /** Replaces the list; announces tokens that came or went (not on the first listing) and re-reads the keys when the keys on tokens changed. */
  const apply = (tokens: TokensSlice['tokens'], announce: boolean) => {
    const before = get().tokens;
    const hadList = get().tokensState === 'ready';
    set({ tokens, tokensState: 'ready', tokensError: null, touchWaiting: get().touchWaiting.filter((w) => tokens.some((t) => t.id === w.tokenId)) });
    if (announce && hadList) {
      const { added, removed } = tokenChanges(before, tokens);
      for (const t of added) get().notify({ tone: 'info', title: 'Token connected', detail: tokenName(t) });
      for (const t of removed) get().notify({ tone: 'info', title: 'Token removed', detail: tokenName(t) });
    }
    if (tokenKeysSignature(before) !== tokenKeysSignature(tokens) && get().trustDirs.some((d) => d.selected)) void get().loadKeys();
  };

  /** Puts a token's fresh state (a login or logout answer) into the list. */
  const replace = (token: TokensSlice['tokens'][number]) =>
    set((s) => ({ tokens: s.tokens.some((t) => t.id === token.id) ? s.tokens.map((t) => (t.id === token.id ? token : t)) : [...s.tokens, token] }));

  return {
    ...initialTokens,
    showTokensTab: (tab) => set({ tokensTab: tab }),
    loadTokens: async () => {
      const seq = ++listSeq;
      if (get().tokensState !== 'ready') set({ tokensState: 'loading' });
      const r = await vault.tokens.list({});
      if (seq !== listSeq) return; // a newer listing (or event) won
      if (!r.ok) {
        set({ tokensState: 'error', tokensError: { code: r.code, message: r.message } });
        return;
      }
      apply(r.value, true);
    },
    setTokens: (tokens) => {
      ++listSeq; // an event is newer than any listing still in flight
      apply(tokens, true);
    },
    trackTouch: (event) =>
      set((s) => ({
        touchWaiting: event.waiting
          ? [...s.touchWaiting.filter((w) => w.tokenId !== event.tokenId), event]
          : s.touchWaiting.filter((w) => w.tokenId !== event.tokenId),
      })),
    watchTokenEvents: () => {
      const offTokens = vaultEvents.on('tokens', (tokens) => get().setTokens(tokens));
      const offTouch = vaultEvents.on('tokenTouch', (event) => get().trackTouch(event));
      return () => {
        offTokens();
        offTouch();
      };
    },
    loadTokenDiagnostics: async () => {
      const seq = ++diagnosticsSeq;
      set({ tokenDiagnosticsState: 'loading' });
      const r = await vault.tokens.diagnostics({});
      if (seq !== diagnosticsSeq) return;
      if (!r.ok) {
        set({ tokenDiagnosticsState: 'error', tokenDiagnosticsError: { code: r.code, message: r.message } });
        return;
      }
      set({ tokenDiagnostics: r.value, tokenDiagnosticsState: 'ready', tokenDiagnosticsError: null });
      apply(r.value.tokens, true);
    },
    addTokenModule: async () => {
      const r = await vault.tokens.addModule({});
      if (!r.ok) return r.code === 'CANCELLED' ? { ok: true, value: null } : outcome(r);
      if (r.value) {
        ++diagnosticsSeq;
        set({ tokenDiagnostics: r.value, tokenDiagnosticsState: 'ready', tokenDiagnosticsError: null });
        apply(r.value.tokens, true);
      }
      return { ok: true, value: r.value };
    },
    loginToken: async (tokenId, pin, useDefaultPin) => {
      const r = await vault.tokens.login(useDefaultPin ? { tokenId, useDefaultPin: true } : { tokenId, pin: pin ?? '', useDefaultPin: false });
      if (r.ok) replace(r.value);
      // A wrong PIN changes the token's counters (PIN count low, final try, locked): show them at once.
      else void get().loadTokens();
      return outcome(r);
    },
    logoutToken: async (tokenId) => {
      const r = await vault.tokens.logout({ tokenId });
      if (r.ok) replace(r.value);
      else void get().loadTokens();
      return outcome(r);
    },
    generateRootOnToken: async (tokenId, way, passphrase) => {
      const dir = get().trustDirs.find((d) => d.selected);
      if (!dir) return { ok: false, error: { code: 'TRUST_DIR_UNAVAILABLE', message: 'No trust folder is selected' } };
      const r = await vault.tokens.generateRoot({
        trustDirId: dir.id,
        tokenId,
        way,
        ...(way === 'import' && passphrase !== null ? { passphrase } : {}),
      });
      await get().loadTokens();
      if (r.ok) {
        void get().loadKeys();
        void get().loadCoverage();
      }
      return outcome(r);
    },
  };
};
