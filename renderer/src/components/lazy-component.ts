import { type ComponentType, createElement } from 'react';

export type LazyComponent<P> = ComponentType<P> & {
  /** Starts loading the module (once); resolves when it is there. */
  preload(): Promise<void>;
};

/**
 * A component whose module is loaded on first use, so the first chunk the window parses holds the key list and not
 * every screen and dialog (issue 17: a cold open to 10,000 keys under a second). Unlike React.lazy it renders
 * synchronously once its module is there: after preload() (done for all of them once the list has shown), a screen
 * or dialog opens in the same render as before, never through an empty frame. Until then it suspends, and the
 * nearest <Suspense> shows its fallback for the moment the chunk takes to load.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | null = null;
  let loading: Promise<void> | null = null;
  const preload = (): Promise<void> =>
    (loading ??= load().then(
      (component) => {
        loaded = component;
      },
      (error: unknown) => {
        loading = null; // a failed load may be tried again on the next render
        throw error;
      },
    ));
  function Lazy(props: P) {
    if (loaded) return createElement(loaded, props);
    // Suspense's contract: throwing the promise suspends this subtree until it settles.
    throw preload();
  }
  return Object.assign(Lazy, { preload });
}
