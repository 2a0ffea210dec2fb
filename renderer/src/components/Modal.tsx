import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useDialogFocus } from './dialog-focus';

interface ModalProps {
  title: string;
  /** One sentence under the title: what this dialog is for. */
  description?: ReactNode;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
  wide?: boolean;
}

/**
 * A modal built on the native <dialog>: the browser traps focus, makes the page behind inert and maps Escape to
 * cancel. Clicking the backdrop does not close it, so a half-filled form is never lost by a stray click.
 * Focus (dialog-focus.ts): it opens on the first field, stays in the dialog through its steps and goes back to what
 * opened it. The Close button comes last in the tab order (it is drawn in the corner), so neither the first focus nor
 * Enter ever lands on it.
 */
export function Modal({ title, description, onClose, children, testId, wide }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) {
      // React's autoFocus may already have focused a field inside; showModal() would move focus elsewhere, so hand it back.
      const focused = document.activeElement;
      dialog.showModal();
      if (focused instanceof HTMLElement && focused !== dialog && dialog.contains(focused)) focused.focus();
    }
    const onCancel = (e: Event) => {
      e.preventDefault();
      onCloseRef.current();
    };
    dialog.addEventListener('cancel', onCancel);
    return () => {
      dialog.removeEventListener('cancel', onCancel);
      if (dialog.open) dialog.close();
    };
  }, []);
  useDialogFocus(ref, bodyRef);

  return (
    <dialog
      ref={ref}
      className={wide ? 'modal modal-wide' : 'modal'}
      aria-labelledby={titleId}
      aria-describedby={description ? descId : undefined}
      data-testid={testId}
    >
      <header className="modal-header">
        <div>
          <h2 id={titleId}>{title}</h2>
          {description && (
            <p id={descId} className="modal-description">
              {description}
            </p>
          )}
        </div>
      </header>
      <div className="modal-body" ref={bodyRef}>
        {children}
      </div>
      <button type="button" className="icon-button modal-close" aria-label="Close" onClick={onClose}>
        <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
          <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
        </svg>
      </button>
    </dialog>
  );
}
