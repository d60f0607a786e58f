import { createContext, useContext, useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const CloseDialog = createContext<() => void>(() => undefined);

/**
 * A modal `<dialog>` that opens when it mounts (focus trapped, the page inert,
 * Escape closes) and reports every way of closing — Escape, a Close button —
 * through the one `close` event, so its owner unmounts it in `onClose` only.
 * The heading labels the dialog for screen readers.
 */
export function ModalDialog({ title, wide = false, onClose, children }: { title: ReactNode; wide?: boolean; onClose: () => void; children: ReactNode }): ReactNode {
  const titleId = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => dialog.current?.showModal(), []);
  const close = (): void => dialog.current?.close();
  return (
    <dialog
      ref={dialog}
      className={wide ? 'dialog dialog--wide' : 'dialog'}
      aria-labelledby={titleId}
      onClose={onClose}
      onCancel={(event) => {
        // Escape: close through the same path as the Close button (the `close` event).
        event.preventDefault();
        close();
      }}
    >
      <h2 id={titleId} className="dialog__title">
        {title}
      </h2>
      <CloseDialog.Provider value={close}>{children}</CloseDialog.Provider>
    </dialog>
  );
}

/** The "Close" button of the enclosing {@link ModalDialog}. */
export function DialogCloseButton({ primary = false }: { primary?: boolean }): ReactNode {
  const { t } = useTranslation();
  const close = useContext(CloseDialog);
  return (
    <button type="button" className={primary ? 'button button--primary' : 'button'} onClick={close}>
      {t('common.close')}
    </button>
  );
}
