import { useEffect, useId, useRef, type ReactNode } from 'react';

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
 */
export function Modal({ title, description, onClose, children, testId, wide }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const descId = useId();
  const onCloseRef = useRef(onClose);
  onCloseRef.current = onClose;

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) {
      // React's autoFocus has already focused a field inside; showModal() would move focus to the first focusable
      // element (the Close button), so hand it back.
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
        <button type="button" className="icon-button" aria-label="Close" onClick={onClose}>
          <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden="true">
            <path d="M4 4l8 8M12 4l-8 8" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
          </svg>
        </button>
      </header>
      <div className="modal-body">{children}</div>
    </dialog>
  );
}
