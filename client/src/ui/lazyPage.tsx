import { useEffect, useState, type ComponentType, type ReactNode } from 'react';

/** A page whose code is loaded on demand; see {@link lazyPage}. */
export interface LazyPage<P> {
  /** Renders `fallback` until the code is there, then the page. */
  Page: (props: P) => ReactNode;
  /**
   * Starts loading the code now (e.g. when the page is the one being opened).
   * A failed load is tried again on the next call (see {@link lazyPage}).
   */
  preload: () => Promise<ComponentType<P>>;
}

/**
 * A page component loaded in its own chunk, like `React.lazy` but without
 * Suspense: React keeps a Suspense fallback on screen for at least 300 ms
 * once shown (its fallback throttle), which delayed the memo page — and with
 * it the memo's requests — by that much on every direct visit. Here the
 * fallback is replaced as soon as the code has arrived, and `preload` lets
 * the code load in parallel with the session check. A chunk that fails to
 * load (a network blip while the code was fetched ahead, a chunk gone
 * after a deployment) is asked for again when the page is opened; Chromium
 * fetches it afresh (e2e: typing.spec). A browser that keeps a failed module
 * for the page's life fails it again at once: the page then reloads once,
 * and only if that fails too does it throw while rendering, as `React.lazy`
 * does.
 */
export function lazyPage<P extends object>(load: () => Promise<ComponentType<P>>, fallback: () => ReactNode): LazyPage<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<ComponentType<P>> | null = null;
  const preload = (): Promise<ComponentType<P>> => {
    loading ??= load().then(
      (component) => (loaded = component),
      (error: unknown) => {
        loading = null;
        throw error;
      },
    );
    return loading;
  };
  function Page(props: P): ReactNode {
    const [state, setState] = useState<{ component: ComponentType<P> | null; error: unknown }>(() => ({ component: loaded, error: null }));
    useEffect(() => {
      if (state.component) return;
      let live = true;
      preload().then(
        (component) => live && setState({ component, error: null }),
        (error: unknown) => {
          if (!live || reloadOnce()) return;
          setState({ component: null, error: error ?? new Error('the page failed to load') });
        },
      );
      return () => {
        live = false;
      };
    }, [state.component]);
    if (state.error) throw state.error;
    if (!state.component) return fallback();
    const Component = state.component;
    return <Component {...props} />;
  }
  return { Page, preload };
}

/**
 * Loads a page's code once the browser is idle (and at the latest after
 * `timeoutMs`): for the page a person is likely to open next, so that it
 * opens without waiting for its chunk. A failure is ignored here; opening
 * the page tries again.
 */
export function preloadWhenIdle(page: { preload: () => Promise<unknown> }, timeoutMs = 2_000): void {
  const start = (): void => void page.preload().catch(() => undefined);
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: timeoutMs });
  else setTimeout(start, timeoutMs);
}

const RELOADED_AT_KEY = 'accord.reloadedForCodeAt';

/** Reloads the page, unless it was reloaded for this in the last 30 s (then the error shows). True if it reloads. */
function reloadOnce(): boolean {
  try {
    const last = Number(window.sessionStorage.getItem(RELOADED_AT_KEY) ?? 0);
    if (Date.now() - last < 30_000) return false;
    window.sessionStorage.setItem(RELOADED_AT_KEY, String(Date.now()));
  } catch {
    return false;
  }
  window.location.reload();
  return true;
}
