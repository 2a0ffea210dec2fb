import { useShallow } from 'zustand/react/shallow';
import type { KeyInfo } from '../../../../shared/dto/keys';
import { selectedTrustDirId, useStore } from '../../store';

/**
 * What the key dialogs take from the store: the selected trust folder, the key the dialog is about (when it is about
 * one) and the actions they call. Passphrases are never part of it: they stay in each dialog's local state.
 */
export function useKeyDialogContext(keyId: string | null = null) {
  return useStore(
    useShallow((s) => ({
      trustDirId: selectedTrustDirId(s),
      info: keyId === null ? null : (s.keys.find((k) => k.id === keyId) ?? null),
      close: s.closeDialog,
      loadKeys: s.loadKeys,
      selectKey: s.selectKey,
      notify: s.notify,
    })),
  );
}

/** The key a dialog acts on, as its description names it: the short ID, then the role and GUN when known. */
export function KeyRef({ keyId, info }: { keyId: string; info: KeyInfo | null }) {
  return (
    <>
      <span className="mono">{keyId.slice(0, 16)}…</span>
      {info?.role ? ` (${info.role}${info.gun ? `, ${info.gun}` : ''})` : ''}
    </>
  );
}
