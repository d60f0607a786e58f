import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What to ask before a destructive action. */
export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
}

type Confirm = (request: ConfirmRequest) => Promise<boolean>;

const ConfirmContext = createContext<Confirm | null>(null);

/**
 * A modal confirmation for destructive structure edits (deleting a clause or
 * a section heading). A real `<dialog>` opened with `showModal`, so focus is
 * trapped, Escape cancels and the rest of the page is inert meanwhile; focus
 * returns to the button that asked.
 */
export function ConfirmProvider({ children }: { children: ReactNode }): ReactNode {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const [request, setRequest] = useState<ConfirmRequest | null>(null);
  const resolver = useRef<((answer: boolean) => void) | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  const confirm = useCallback<Confirm>((next) => {
    resolver.current?.(false);
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setRequest(next);
    return new Promise<boolean>((resolve) => {
      resolver.current = resolve;
    });
  }, []);

  useEffect(() => {
    const element = dialog.current;
    if (request && element && !element.open) element.showModal();
  }, [request]);

  const finish = (answer: boolean): void => {
    const resolve = resolver.current;
    resolver.current = null;
    if (dialog.current?.open) dialog.current.close();
    setRequest(null);
    returnFocus.current?.focus();
    resolve?.(answer);
  };

  const value = useMemo(() => confirm, [confirm]);
  return (
    <ConfirmContext.Provider value={value}>
      {children}
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-body"
        onCancel={(event) => {
          event.preventDefault();
          finish(false);
        }}
      >
        {request ? (
          <form
            method="dialog"
            onSubmit={(event) => {
              event.preventDefault();
              finish(true);
            }}
          >
            <h2 id="confirm-title" className="dialog__title">
              {request.title}
            </h2>
            <p id="confirm-body" className="dialog__body">
              {request.body}
            </p>
            <div className="dialog__actions">
              <button type="button" className="button" onClick={() => finish(false)} autoFocus>
                {t('common.cancel')}
              </button>
              <button type="submit" className="button button--danger">
                {request.confirmLabel}
              </button>
            </div>
          </form>
        ) : null}
      </dialog>
    </ConfirmContext.Provider>
  );
}

/** Asks the person to confirm; resolves true only on an explicit yes. */
export function useConfirm(): Confirm {
  const confirm = useContext(ConfirmContext);
  if (!confirm) throw new Error('useConfirm outside ConfirmProvider');
  return confirm;
}
