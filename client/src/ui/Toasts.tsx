import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** A message shown briefly (or until dismissed, if `sticky`) in the toast area. */
export interface Toast {
  /** Toasts with the same key replace each other instead of stacking. */
  key?: string;
  tone: 'info' | 'error';
  text: string;
  detail?: string;
  sticky?: boolean;
  action?: { label: string; onClick: () => void };
}

interface ShownToast extends Toast {
  id: number;
}

interface ToastApi {
  show(toast: Toast): void;
}

const ToastContext = createContext<ToastApi | null>(null);
const AUTO_DISMISS_MS = 9000;

/**
 * The toast area: server notices, connection problems, failed actions. The
 * container is a permanent `role="alert"` live region, so assistive
 * technology announces each toast as it is added.
 */
export function ToastProvider({ children }: { children: ReactNode }): ReactNode {
  const { t } = useTranslation();
  const [toasts, setToasts] = useState<ShownToast[]>([]);
  const nextId = useRef(1);
  const timers = useRef(new Map<number, number>());

  const dismiss = useCallback((id: number) => {
    setToasts((list) => list.filter((toast) => toast.id !== id));
    const timer = timers.current.get(id);
    if (timer !== undefined) window.clearTimeout(timer);
    timers.current.delete(id);
  }, []);

  const show = useCallback(
    (toast: Toast) => {
      const id = nextId.current++;
      setToasts((list) => [...list.filter((existing) => toast.key === undefined || existing.key !== toast.key), { ...toast, id }].slice(-5));
      if (!toast.sticky) timers.current.set(id, window.setTimeout(() => dismiss(id), AUTO_DISMISS_MS));
    },
    [dismiss],
  );

  useEffect(() => {
    const pending = timers.current;
    return () => pending.forEach((timer) => window.clearTimeout(timer));
  }, []);

  const api = useMemo(() => ({ show }), [show]);
  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" role="alert" aria-live="assertive">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast--${toast.tone}`}>
            <div className="toast__body">
              <p className="toast__text">{toast.text}</p>
              {toast.detail ? <p className="toast__detail">{toast.detail}</p> : null}
              {toast.action ? (
                <button type="button" className="button button--small" onClick={toast.action.onClick}>
                  {toast.action.label}
                </button>
              ) : null}
            </div>
            <button type="button" className="toast__close" aria-label={t('common.dismiss')} onClick={() => dismiss(toast.id)}>
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

/** Shows toasts; only valid under a {@link ToastProvider}. */
export function useToasts(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToasts outside ToastProvider');
  return api;
}
