import { createContext, useCallback, useContext, useEffect, useId, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

/** What to ask for: a reason for a bracket, a contest or a reopen request. */
export interface PromptRequest {
  title: string;
  body: string;
  submitLabel: string;
}

type Prompt = (request: PromptRequest) => Promise<string | null>;

const PromptContext = createContext<Prompt | null>(null);

/** The server's limit on a reason (`ReasonRequest` in shared/memo/schema). */
const MAX_REASON = 2000;

/**
 * A modal dialog asking for a reason. A real `<dialog>` opened with
 * `showModal` (focus trapped, Escape cancels, the page inert meanwhile);
 * resolves with the trimmed reason, or null when cancelled. Focus returns to
 * whatever had it before — for a bracket, the cell editor, whose selection
 * ProseMirror restores.
 */
export function PromptProvider({ children }: { children: ReactNode }): ReactNode {
  const { t } = useTranslation();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const [request, setRequest] = useState<PromptRequest | null>(null);
  const [reason, setReason] = useState('');
  const resolver = useRef<((answer: string | null) => void) | null>(null);
  const returnFocus = useRef<HTMLElement | null>(null);

  const prompt = useCallback<Prompt>((next) => {
    resolver.current?.(null);
    returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setReason('');
    setRequest(next);
    return new Promise<string | null>((resolve) => {
      resolver.current = resolve;
    });
  }, []);

  useEffect(() => {
    const element = dialog.current;
    if (request && element && !element.open) element.showModal();
  }, [request]);

  const finish = (answer: string | null): void => {
    const resolve = resolver.current;
    resolver.current = null;
    if (dialog.current?.open) dialog.current.close();
    setRequest(null);
    returnFocus.current?.focus({ preventScroll: true });
    resolve?.(answer);
  };

  const trimmed = reason.trim();
  const value = useMemo(() => prompt, [prompt]);
  return (
    <PromptContext.Provider value={value}>
      {children}
      <dialog
        ref={dialog}
        className="dialog"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-body`}
        onCancel={(event) => {
          event.preventDefault();
          finish(null);
        }}
      >
        {request ? (
          <form
            method="dialog"
            className="form"
            onSubmit={(event) => {
              event.preventDefault();
              if (trimmed !== '') finish(trimmed);
            }}
          >
            <div>
              <h2 id={`${id}-title`} className="dialog__title">
                {request.title}
              </h2>
              <p id={`${id}-body`} className="dialog__body">
                {request.body}
              </p>
            </div>
            <label className="field">
              <span className="field__label">{t('agreement.dialog.reason')}</span>
              <textarea
                className="input textarea"
                value={reason}
                maxLength={MAX_REASON}
                rows={3}
                required
                autoFocus
                aria-describedby={`${id}-hint`}
                onChange={(event) => setReason(event.target.value)}
                onKeyDown={(event) => {
                  // Ctrl/Cmd+Enter submits, as in most comment boxes.
                  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && trimmed !== '') {
                    event.preventDefault();
                    finish(trimmed);
                  }
                }}
              />
              <span id={`${id}-hint`} className="field__hint">
                {t('agreement.dialog.reasonHint')}
              </span>
            </label>
            <div className="dialog__actions">
              <button type="button" className="button" onClick={() => finish(null)}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="button button--primary" disabled={trimmed === ''}>
                {request.submitLabel}
              </button>
            </div>
          </form>
        ) : null}
      </dialog>
    </PromptContext.Provider>
  );
}

/** Asks the person for a reason; resolves null if they cancel. */
export function usePrompt(): Prompt {
  const prompt = useContext(PromptContext);
  if (!prompt) throw new Error('usePrompt outside PromptProvider');
  return prompt;
}
