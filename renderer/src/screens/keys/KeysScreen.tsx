/**
 * The Keys screen: every key in the selected trust folder, grouped by the five key types, with a detail panel and
 * the actions generate, import, export, change passphrase and remove.
 *
 * Names the e2e specs can rely on (keep them stable):
 *   Shell      nav "Screens" with link "Keys"; region data-testid="trust-dirs"; each folder li data-testid="trust-dir"
 *              data-trust-dir-id=ID with a button named "<label>: <path>" (aria-current="true" when selected) and a
 *              button "Forget folder <label>"; button "Add folder…"; notices data-testid="notice" (role="status").
 *   Screen     heading "Keys"; button "Generate key" (data-testid="generate-key-button"); button "Import keys"
 *              (data-testid="import-keys-button"); textbox "Filter keys"; note data-testid="weak-encryption-note";
 *              data-testid="empty-state" (data-reason="no-trust-dir" | "no-keys", buttons "Generate a key",
 *              "Import key files", "Add a trust folder…"); data-testid="keys-count" (text "N keys").
 *   List       grid "Keys" (data-testid="key-list", the scroll container, virtualized: only visible rows exist);
 *              group header rows data-testid="key-group" data-group=root|targets|snapshot|timestamp|delegation|
 *              unclassified|broken; key rows role="row" data-testid="key-row" data-key-id=ID data-status=ok|broken,
 *              aria-selected. Click a row (or focus the grid and use arrows/Home/End/PageUp/PageDown) to select.
 *   Detail     region data-testid="key-detail" data-key-id=ID; data-testid="key-id" (full ID); button "Copy ID";
 *              data-testid="key-problem" for broken files; buttons "Export bundle…", "Export public key…",
 *              "Change passphrase…", "Remove key…".
 *   Generate   dialog "Generate a key" (data-testid="generate-dialog"): radios "Root key", "Repository key (targets)",
 *              "Snapshot key", "Delegation key (targets/<name>)", "Docker signer key"; textboxes "Repository (GUN)",
 *              "Delegation name", "Signer name"; checkbox "Also write NAME.pub"; select "Algorithm" (values ecdsa,
 *              ed25519, rsa2048, rsa4096); button "Next"; then the passphrase step; final button "Create the key";
 *              result data-testid="generate-done", data-testid="generated-key-id", button "Show the key".
 *   Passphrase data-testid="passphrase-step" data-substep=choose|store|confirm. choose: buttons "Generate words",
 *              "Generate characters", selects "Number of words", "Number of characters", textbox "Passphrase",
 *              button "Show"/"Hide", data-testid="passphrase-strength" data-tone=refused|bad|weak|ok|good, button
 *              "Next" (disabled under 8 characters). store: data-testid="passphrase-display", button "Copy
 *              passphrase", data-testid="copy-note", checkbox "I have stored it in my password manager", "Next".
 *              confirm: textbox "Retype passphrase", then the submit button of the flow.
 *   Import     dialog "Import keys" (data-testid="import-dialog"), opened after vault.keys.chooseImport returns a
 *              selection: data-testid="import-preview" with rows data-testid="import-block"; textboxes "Role (optional)",
 *              "GUN (optional)"; "Next"; for encrypted inputs textbox "Passphrase of the imported keys"; for unencrypted
 *              ones the passphrase step; final button "Import the keys"; report data-testid="import-report" with
 *              data-testid="imported-key" (data-key-id) and data-testid="refused-key"; button "Done".
 *   Change     dialog "Change passphrase" (data-testid="change-passphrase-dialog"): textbox "Current passphrase",
 *              "Next", the passphrase step, final button "Change the passphrase"; data-testid="change-passphrase-done".
 *   Remove     dialog "Remove key" (data-testid="remove-dialog"): data-testid="removal-consequence"; checkbox
 *              "I understand this is the only copy" (only when it is); textbox "Type <text> to confirm"
 *              (data-testid="remove-confirmation"); buttons "Keep the key" and "Remove key".
 *   Errors     data-testid="error-note" with data-error-code=CODE (role="alert").
 *   Backups    each row's data-testid="key-backup" data-backup=none|unverified|drill-due|verified|unknown; the sidebar's
 *              data-testid="backups-badge" data-count=N data-root=true|false; data-testid="key-detail-backup";
 *              button "Back up to USB drives now" (data-testid="back-up-now") in the detail and after generate/import.
 *   List       combobox "Sort keys by" (data-testid="keys-sort": role|gun|created|backup); keys-count reads
 *              "N of M keys" while filtered; button "Lost a key?" (data-testid="lost-key-button").
 */
import { Suspense, useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { vault } from '../../api';
import { ErrorNote } from '../../components/ErrorNote';
import { Icon } from '../../components/Icon';
import { explain } from '../../errors/explain';
import { useStore } from '../../store';
import { EmptyState } from './EmptyState';
// The dialogs load on first use (issue 17): ../lazy-screens.ts.
import {
  BringOnlineDialog,
  ChangePassphraseDialog,
  ExportPublicKeyDialog,
  GenerateKeyDialog,
  ImportKeysDialog,
  RemoveKeyDialog,
  TakeOfflineDialog,
} from '../lazy-screens';
import { buildRows } from './key-groups';
import { KeyDetail } from './KeyDetail';
import { KeyList } from './KeyList';
import { LooseFoldersNote } from './LooseFoldersNote';
import { WeakEncryptionNote } from './WeakEncryptionNote';
import { KeyNotices } from './KeyNotices';
import { LeftoversPanel } from './leftovers/LeftoversPanel';
import { ScreenHeader } from '../../components/ScreenHeader';
import { isMac, shortcutLabel, useCommands } from '../../components/commands';
import { type KeySort, usePrefs } from '../../store/prefs';
import { BACKUP_RANK, backupIndex, backupSummary } from './key-backup';
import type { KeyInfo } from '../../../../shared/dto/keys';

const SORTS: { value: KeySort; label: string }[] = [
  { value: 'role', label: 'Role' },
  { value: 'gun', label: 'Repository (GUN)' },
  { value: 'created', label: 'Newest first' },
  { value: 'backup', label: 'Backup state' },
];

/**
 * Keys brought online from the vault go back when their time is up (core removes the file): the list reads the folder
 * again when this screen opens and when the soonest of those times passes.
 */
function useKeysOnlineForAWhile(keys: readonly { onlineUntil?: string }[], loadKeys: () => Promise<void>) {
  const soonest = useMemo(() => {
    const times = keys.flatMap((k) => (k.onlineUntil ? [Date.parse(k.onlineUntil)] : [])).filter((t) => !Number.isNaN(t));
    return times.length > 0 ? Math.min(...times) : null;
  }, [keys]);
  const [hadOnline] = useState(() => soonest !== null);
  useEffect(() => {
    if (hadOnline) void loadKeys();
  }, [hadOnline, loadKeys]);
  useEffect(() => {
    if (soonest === null) return;
    const timer = setTimeout(() => void loadKeys(), Math.min(Math.max(soonest - Date.now(), 0) + 1_000, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [soonest, loadKeys]);
}

export function KeysScreen() {
  const { keys, keysState, keysError, selectedKeyId, selectKey, dialog, openDialog, notify, hasDir, dirsState, loadKeys } = useStore(
    useShallow((s) => ({
      keys: s.keys,
      keysState: s.keysState,
      keysError: s.keysError,
      selectedKeyId: s.selectedKeyId,
      selectKey: s.selectKey,
      dialog: s.dialog,
      openDialog: s.openDialog,
      notify: s.notify,
      hasDir: s.trustDirs.some((d) => d.selected),
      dirsState: s.trustDirsState,
      loadKeys: s.loadKeys,
    })),
  );
  const coverage = useStore((s) => s.coverage);
  useKeysOnlineForAWhile(keys, loadKeys);
  const [query, setQuery] = useState('');
  const deferredQuery = useDeferredValue(query);
  const sort = usePrefs((p) => p.keySort);
  const setSort = usePrefs((p) => p.setKeySort);
  const backups = useMemo(() => backupIndex(coverage), [coverage]);
  const backupOf = useCallback((k: KeyInfo) => backupSummary(backups.get(k.id)), [backups]);
  // Only the backup order reads the backup state: in the others the coverage report, which comes in after the list
  // shows, leaves the 10,000 rows (and the virtual list's measurements) as they were.
  const backupRank = useMemo(() => (sort === 'backup' ? (k: KeyInfo) => BACKUP_RANK[backupOf(k).status] : undefined), [sort, backupOf]);
  const rows = useMemo(() => buildRows(keys, deferredQuery, sort, backupRank), [keys, deferredQuery, sort, backupRank]);
  const filtering = deferredQuery.trim() !== '';
  const shownCount = useMemo(() => (filtering ? new Set(rows.flatMap((r) => (r.type === 'key' ? [r.key.id] : []))).size : 0), [rows, filtering]);
  // A key the filter hides leaves the detail panel: the panel never shows what the list does not.
  useEffect(() => {
    if (selectedKeyId && !rows.some((r) => r.type === 'key' && r.key.id === selectedKeyId)) selectKey(null);
  }, [rows, selectedKeyId, selectKey]);
  const selected = useMemo(() => keys.find((k) => k.id === selectedKeyId) ?? null, [keys, selectedKeyId]);
  const filterRef = useRef<HTMLInputElement>(null);
  const mac = isMac();
  const brokenCount = useMemo(() => keys.filter((k) => k.status === 'broken').length, [keys]);

  const startImport = async () => {
    const r = await vault.keys.chooseImport({});
    if (!r.ok) {
      if (r.code !== 'CANCELLED') notify({ tone: 'error', title: explain(r.code).title, detail: r.message });
      return;
    }
    if (r.value) openDialog({ type: 'import', selection: r.value });
  };
  const startGenerate = () => openDialog({ type: 'generate' });
  // Ctrl/Cmd+F, N and I (and the same commands from the menu).
  useCommands(['filter', 'generate', 'import'], (command) => {
    if (!hasDir) {
      notify({ tone: 'info', title: 'Choose a trust folder first', detail: 'Keys are listed, made and imported in the selected trust folder.' });
      return;
    }
    if (command === 'generate') startGenerate();
    else if (command === 'import') void startImport();
    else {
      filterRef.current?.focus();
      filterRef.current?.select();
    }
  });

  // A key on a token and in a file is one key with two copies (two rows).
  const keyCount = useMemo(() => new Set(keys.map((k) => k.id)).size, [keys]);
  const showEmpty = (keysState === 'ready' || keysState === 'idle') && keys.length === 0 && (dirsState === 'ready' || hasDir);

  return (
    <div className="keys-screen">
      <ScreenHeader
        title="Keys"
        purpose="Every signing key in this trust folder: what each is for, where it lives, and what you can do with it."
        actions={
          hasDir && (
            <>
              <button type="button" className="button button-ghost" onClick={() => openDialog({ type: 'lostKey', keyId: null })} data-testid="lost-key-button">
                Lost a key?
              </button>
              <button
                type="button"
                className="button button-secondary"
                onClick={() => void startImport()}
                data-testid="import-keys-button"
                title={`Import key files or a notary export bundle (${shortcutLabel('I', mac)}); you can also drop them on the window`}
                aria-keyshortcuts={mac ? 'Meta+I' : 'Control+I'}
              >
                <Icon name="import" /> Import keys
              </button>
              <button
                type="button"
                className="button button-primary"
                onClick={startGenerate}
                data-testid="generate-key-button"
                title={`Generate a key (${shortcutLabel('N', mac)})`}
                aria-keyshortcuts={mac ? 'Meta+N' : 'Control+N'}
              >
                <Icon name="plus" /> Generate key
              </button>
            </>
          )
        }
      />

      <WeakEncryptionNote />
      <KeyNotices />
      <LeftoversPanel />
      <LooseFoldersNote />

      {keysError && (
        <div className="screen-error">
          <ErrorNote error={keysError} />
          <button type="button" className="button button-secondary" onClick={() => void loadKeys()}>
            Try again
          </button>
        </div>
      )}

      {showEmpty ? (
        <EmptyState onGenerate={startGenerate} onImport={() => void startImport()} />
      ) : (
        keys.length > 0 && (
          <div className="keys-body">
            <div className="keys-list-pane">
              <div className="list-toolbar">
                <label className="search">
                  <span className="sr-only">Filter keys</span>
                  <input
                    ref={filterRef}
                    type="search"
                    placeholder={`Filter: ID, role, GUN, file (${shortcutLabel('F', mac)})`}
                    value={query}
                    onChange={(e) => setQuery(e.target.value)}
                    aria-label="Filter keys"
                    aria-keyshortcuts={mac ? 'Meta+F' : 'Control+F'}
                  />
                </label>
                <label className="list-sort">
                  <span className="list-sort-label">Sort by</span>
                  <select value={sort} onChange={(e) => setSort(e.target.value as KeySort)} aria-label="Sort keys by" data-testid="keys-sort">
                    {SORTS.map((o) => (
                      <option key={o.value} value={o.value}>
                        {o.label}
                      </option>
                    ))}
                  </select>
                </label>
                <span className="list-count" data-testid="keys-count" aria-live="polite">
                  {filtering ? `${shownCount.toLocaleString('en-US')} of ` : ''}
                  {keyCount.toLocaleString('en-US')} {keyCount === 1 ? 'key' : 'keys'}
                  {brokenCount > 0 && <span className="list-count-broken"> · {brokenCount.toLocaleString('en-US')} broken</span>}
                  {keysState === 'loading' && <span className="muted"> · refreshing…</span>}
                </span>
              </div>
              {rows.length > 0 ? (
                <KeyList rows={rows} selectedId={selectedKeyId} onSelect={selectKey} backupOf={backupOf} />
              ) : (
                <p className="no-match">No key matches “{deferredQuery}”.</p>
              )}
            </div>
            <div className="keys-detail-pane">
              {selected ? (
                <KeyDetail info={selected} backup={backupOf(selected)} />
              ) : (
                <div className="detail-placeholder">
                  <Icon name="key" size={28} />
                  <p>Select a key to see its full ID, file and actions.</p>
                </div>
              )}
            </div>
          </div>
        )
      )}

      {keysState === 'loading' && keys.length === 0 && <p className="loading">Reading the trust folder…</p>}

      <Suspense fallback={null}>
      {dialog?.type === 'generate' && <GenerateKeyDialog />}
      {dialog?.type === 'import' && <ImportKeysDialog selection={dialog.selection} />}
      {dialog?.type === 'changePassphrase' && <ChangePassphraseDialog keyId={dialog.keyId} />}
      {dialog?.type === 'remove' && <RemoveKeyDialog keyId={dialog.keyId} />}
      {dialog?.type === 'exportPublic' && <ExportPublicKeyDialog keyId={dialog.keyId} />}
      {dialog?.type === 'takeOffline' && <TakeOfflineDialog keyId={dialog.keyId} />}
      {dialog?.type === 'bringOnline' && <BringOnlineDialog keyId={dialog.keyId} />}
      </Suspense>
    </div>
  );
}
