import { useEffect, useState, type RefObject } from 'react';

/**
 * Focus in a dialog, as people who use KeePassXC or 1Password expect it:
 * - it opens on its first field (or the field a step marks autoFocus), never on its Close button, so Enter submits
 *   the step instead of closing the dialog;
 * - when a step replaces the focused control (Next → the next step), focus goes to the new step's first field
 *   instead of falling to the page;
 * - when it closes, focus goes back to what opened it (or to the main area if that is gone).
 */

const FIELD = 'input:not([type="hidden"]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';
const TYPED = ['text', 'password', 'search', 'email', 'url', 'number', 'tel'].map((t) => `input[type="${t}"]:not(:disabled):not([readonly])`).join(', ') + ', textarea:not(:disabled):not([readonly])';
const CONTROL = `${FIELD}, button:not(:disabled), [href], [tabindex]:not([tabindex="-1"])`;

const visible = (el: HTMLElement) => el.offsetParent !== null || el.getClientRects().length > 0;

/** The control a dialog (or a new step of it) should start on: the first field, the checked radio of a group, else the first control. */
export function firstControl(body: HTMLElement): HTMLElement | null {
  // Where typing goes first: a text, password or search field, before choices (a step's selects and radios often
  // come first but have a sensible default).
  const typed = [...body.querySelectorAll<HTMLInputElement>(TYPED)].find(visible);
  if (typed) return typed;
  const field = [...body.querySelectorAll<HTMLElement>(FIELD)].find(visible);
  if (field instanceof HTMLInputElement && field.type === 'radio' && !field.checked && field.name) {
    const checked = body.querySelector<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(field.name)}"]:checked`);
    if (checked) return checked;
  }
  if (field) return field;
  return [...body.querySelectorAll<HTMLElement>(CONTROL)].find(visible) ?? null;
}

/** Whether focus is lost from the dialog: on the page body, on the dialog element itself, or outside it. */
const focusLost = (dialog: HTMLElement) => {
  const a = document.activeElement;
  return !a || a === document.body || a === dialog || !dialog.contains(a);
};

export function useDialogFocus(dialogRef: RefObject<HTMLDialogElement | null>, bodyRef: RefObject<HTMLElement | null>): void {
  // Read during the first render, before React's autoFocus or showModal() move focus: the control that opened it.
  const [opener] = useState(() => (typeof document === 'undefined' ? null : (document.activeElement as HTMLElement | null)));

  useEffect(() => {
    const dialog = dialogRef.current;
    const body = bodyRef.current;
    if (!dialog || !body) return;
    const settle = () => {
      if (dialog.open && focusLost(dialog)) firstControl(body)?.focus();
    };
    // A field that React's autoFocus already focused is kept; otherwise the first field.
    const a = document.activeElement;
    if (!(a instanceof HTMLElement && body.contains(a) && a !== body)) firstControl(body)?.focus();
    const observer = new MutationObserver(settle);
    observer.observe(body, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'hidden'] });
    return () => {
      observer.disconnect();
      // Back to the opener once the dialog is gone (after this commit), or to the main area.
      queueMicrotask(() => {
        if (opener && opener.isConnected && opener !== document.body) opener.focus();
        else document.getElementById('main')?.focus();
      });
    };
  }, [dialogRef, bodyRef, opener]);
}
