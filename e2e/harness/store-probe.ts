import type { Page } from '@playwright/test';

/**
 * What the page holds, read from outside for the vault's "nothing remains after locking" checks, with no hook in
 * production code:
 * - `readStore`: the zustand store's whole state. React keeps each `useStore(api, selector)`'s useCallback deps,
 *   `[api, selector]`, on the component's fiber; the probe walks the fibers from #root's container and calls
 *   `api.getState()` on the first store it finds. Actions are dropped; the rest comes back as JSON text.
 * - `readPageText`: the DOM's text and every input, textarea and select value (what a person or a screen reader
 *   could get from the window).
 */
export async function readStore(page: Page): Promise<string> {
  return page.evaluate(() => {
    type Fiber = { child: Fiber | null; sibling: Fiber | null; memoizedState: unknown };
    type Hook = { memoizedState: unknown; next: Hook | null };
    type Api = { getState: () => Record<string, unknown> };
    const rootEl = document.getElementById('root') as (HTMLElement & Record<string, unknown>) | null;
    if (!rootEl) throw new Error('no #root');
    const containerKey = Object.keys(rootEl).find((k) => k.startsWith('__reactContainer$'));
    if (!containerKey) throw new Error('React has not rendered into #root');
    const isApi = (v: unknown): v is Api => typeof v === 'object' && v !== null && typeof (v as Api).getState === 'function';
    const seen = new Set<Fiber>();
    const stack: Fiber[] = [rootEl[containerKey] as Fiber];
    while (stack.length > 0) {
      const f = stack.pop()!;
      if (!f || seen.has(f)) continue;
      seen.add(f);
      // Class components and host fibers have no hook list; a hook list is a chain of {memoizedState, next}.
      let hook = f.memoizedState as Hook | null;
      for (let i = 0; hook && typeof hook === 'object' && 'next' in hook && i < 200; i++, hook = hook.next) {
        const m = hook.memoizedState;
        if (Array.isArray(m) && m.length === 2 && Array.isArray(m[1]) && isApi(m[1][0])) {
          const state = m[1][0].getState();
          return JSON.stringify(Object.fromEntries(Object.entries(state).filter(([, v]) => typeof v !== 'function')));
        }
      }
      if (f.child) stack.push(f.child);
      if (f.sibling) stack.push(f.sibling);
    }
    throw new Error('no zustand store found in the React tree');
  });
}

export async function readPageText(page: Page): Promise<string> {
  return page.evaluate(() => {
    const values = [...document.querySelectorAll('input, textarea, select')].map((e) => (e as HTMLInputElement).value);
    return [document.body.innerText, document.documentElement.outerHTML, ...values].join('\n');
  });
}
