import { createElement, Suspense } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, it, vi } from 'vitest';
import { lazyComponent } from './lazy-component';

const Hello = ({ name }: { name: string }) => createElement('p', null, `hello ${name}`);
const inSuspense = (node: ReturnType<typeof createElement>) => createElement(Suspense, { fallback: createElement('i', null, 'loading') }, node);

describe('lazyComponent', () => {
  it('suspends until its module is there, then renders in the same pass, loading the module once', async () => {
    const load = vi.fn(async () => Hello);
    const Lazy = lazyComponent(load);
    expect(renderToString(inSuspense(createElement(Lazy, { name: 'keys' })))).toContain('loading');
    await Lazy.preload();
    await Lazy.preload();
    expect(renderToString(inSuspense(createElement(Lazy, { name: 'keys' })))).toBe('<!--$--><p>hello keys</p><!--/$-->'); // no fallback: rendered at once
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('tries a failed load again', async () => {
    const load = vi.fn().mockRejectedValueOnce(new Error('chunk missing')).mockResolvedValueOnce(Hello);
    const Lazy = lazyComponent(load as () => Promise<typeof Hello>);
    await expect(Lazy.preload()).rejects.toThrow('chunk missing');
    await Lazy.preload();
    expect(renderToString(createElement(Lazy, { name: 'again' }))).toBe('<p>hello again</p>');
    expect(load).toHaveBeenCalledTimes(2);
  });
});
