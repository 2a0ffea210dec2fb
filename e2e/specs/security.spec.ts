import type { Frame } from '@playwright/test';
import { contentSecurityPolicy } from '../../electron/shell/csp';
import { listOperations } from '../../shared/contract';
import { expect, test } from '../harness/fixtures';

/**
 * The guard is in the path: window.vault in the harness reaches core only through the dispatcher electron/ipc.ts
 * uses, and the dispatcher refuses what is not our main frame and arguments that do not parse. Each refusal is
 * checked twice: the code the page gets back, and that the core handler never ran.
 */

const SOME_ID = 'a'.repeat(64);
/** Calls that would change things if they got through, with arguments that are otherwise valid. */
const DANGEROUS_CALLS: { op: string; call: string }[] = [
  { op: 'keys.remove', call: `vault.keys.remove({ trustDirId: 'docker', id: '${SOME_ID}', confirmation: 'x', insist: true })` },
  { op: 'keys.export', call: `vault.keys.export({ trustDirId: 'docker', ids: ['${SOME_ID}'], kind: 'bundle' })` },
  { op: 'keys.generate', call: `vault.keys.generate({ trustDirId: 'docker', role: 'root', passphrase: 'correct horse battery' })` },
  { op: 'clipboard.copySecret', call: `vault.clipboard.copySecret({ text: 'a secret' })` },
  { op: 'trustDirs.add', call: `vault.trustDirs.add({})` },
];

async function callAll(frame: Frame): Promise<{ ok: boolean; code?: string }[]> {
  const results: { ok: boolean; code?: string }[] = [];
  for (const { call } of DANGEROUS_CALLS) {
    // The expression runs in the frame's own world, as a script of that frame would.
    results.push(await frame.evaluate(`window.${call}`));
  }
  results.push(await frame.evaluate(`window.vault.app.info({})`));
  return results;
}

test.describe('the IPC guard in front of the core', () => {
  test('the app main frame reaches the core, and window.vault is only the contract', async ({ vault }) => {
    await vault.open();
    const page = vault.page;
    const info = await page.evaluate(() => window.vault.app.info({}));
    expect(info).toEqual({ ok: true, value: expect.objectContaining({ shell: 'harness' }) });

    const shape = await page.evaluate(() =>
      Object.fromEntries(Object.entries(window.vault).map(([g, ops]) => [g, Object.keys(ops as object).sort()])),
    );
    const expected: Record<string, string[]> = {};
    for (const { group, name } of listOperations()) (expected[group] ??= []).push(name);
    for (const g of Object.keys(expected)) expected[g]!.sort();
    expect(shape).toEqual(expected);

    // Read-only, as contextBridge makes it: the page cannot swap the API or add a generic invoke.
    const tampered = await page.evaluate(() => {
      const before = window.vault;
      try {
        (window as unknown as { vault: unknown }).vault = { evil: true };
      } catch {
        /* strict mode would throw; either way nothing changes */
      }
      try {
        (window.vault as unknown as Record<string, unknown>).invoke = () => 0;
      } catch {
        /* frozen */
      }
      return { same: window.vault === before, hasInvoke: 'invoke' in window.vault, frozen: Object.isFrozen(window.vault) };
    });
    expect(tampered).toEqual({ same: true, hasInvoke: false, frozen: true });
    expect(vault.core.calls.find((c) => c.channel === 'vault:app.info')).toMatchObject({ ok: true, isMainFrame: true });

    // The page runs under the app's real CSP (electron/shell/csp.ts): an injected inline script does not run.
    const served = await fetch(vault.origin + '/');
    expect(served.headers.get('content-security-policy')).toBe(contentSecurityPolicy());
    const inlineRan = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 50));
      return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
    });
    expect(inlineRan).toBe(false);
    await expect.poll(() => vault.consoleErrors.some((e) => /Content Security Policy/.test(e))).toBe(true);
  });

  test('a subframe of the app is refused (about:blank and srcdoc iframes)', async ({ vault }) => {
    await vault.open();
    const page = vault.page;
    await page.evaluate(() => {
      const blank = document.createElement('iframe');
      blank.name = 'blank';
      blank.src = 'about:blank';
      document.body.appendChild(blank);
      const srcdoc = document.createElement('iframe');
      srcdoc.name = 'srcdoc';
      srcdoc.srcdoc = '<p>a frame inside the app</p>';
      document.body.appendChild(srcdoc);
    });
    const frames = ['blank', 'srcdoc'].map((name) => page.frame({ name }));
    for (const frame of frames) {
      expect(frame, 'the injected iframe exists').toBeTruthy();
      await frame!.waitForFunction(() => typeof window.vault === 'object');
      const results = await callAll(frame!);
      for (const r of results) expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    }
    // The same-origin trick: the parent calling the binding it finds on the child window is still the child's call.
    const viaChild = await page.evaluate(() => {
      const child = (document.querySelector('iframe[name=blank]') as HTMLIFrameElement).contentWindow as Window & {
        __vaultInvoke: (c: string, a: unknown) => Promise<string>;
      };
      return child.__vaultInvoke('vault:app.info', {}).then((text) => JSON.parse(text));
    });
    expect(viaChild).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });

    for (const { op } of DANGEROUS_CALLS) expect(vault.core.handlerRuns).not.toContain(op);
    const refused = vault.core.calls.filter((c) => !c.isMainFrame);
    expect(refused.length).toBe(2 * (DANGEROUS_CALLS.length + 1) + 1);
    expect(refused.every((c) => c.code === 'FORBIDDEN_SENDER')).toBe(true);
    await vault.screenshot('security-subframes');
  });

  test('another origin is refused, in its main frame and in a data: URL subframe', async ({ vault }) => {
    const page = vault.page;
    await page.route('http://evil.test/**', (route) =>
      route.fulfill({
        contentType: 'text/html',
        body:
          '<!doctype html><title>not the vault</title><h1>A page from somewhere else</h1>' +
          '<iframe name="data" src="data:text/html,<p>data frame</p>"></iframe>',
      }),
    );
    await page.goto('http://evil.test/');
    const main = page.mainFrame();
    await main.waitForFunction(() => typeof window.vault === 'object');
    for (const r of await callAll(main)) expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });

    const dataFrame = page.frames().find((f) => f.url().startsWith('data:'));
    expect(dataFrame, 'the data: iframe loaded').toBeTruthy();
    await dataFrame!.waitForFunction(() => typeof window.vault === 'object');
    for (const r of await callAll(dataFrame!)) expect(r).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });

    // The real app, served byte for byte from a look-alike origin, gets nothing either.
    await page.route('http://127.0.0.1.evil.test/**', async (route) => {
      const url = new URL(route.request().url());
      const response = await route.fetch({ url: new URL(url.pathname + url.search, vault.origin).href });
      await route.fulfill({ response });
    });
    await page.goto('http://127.0.0.1.evil.test/');
    const info = await page.evaluate(() => window.vault.app.info({}));
    expect(info).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    await vault.screenshot('security-foreign-origin');

    expect(vault.core.handlerRuns).toEqual([]);
    expect(vault.core.calls.length).toBeGreaterThan(0);
    expect(vault.core.calls.every((c) => c.code === 'FORBIDDEN_SENDER')).toBe(true);
  });

  test('bad arguments get INVALID_ARGUMENT and unknown channels UNKNOWN_OPERATION, before any handler runs', async ({
    vault,
  }) => {
    await vault.open();
    const page = vault.page;
    const cases: { label: string; channel: string; args: unknown; code: string; op: string }[] = [
      { label: 'path in an ID', channel: 'vault:keys.remove', args: { trustDirId: '../../etc', id: SOME_ID, confirmation: 'x' }, code: 'INVALID_ARGUMENT', op: 'keys.remove' },
      { label: 'uppercase key ID', channel: 'vault:keys.remove', args: { trustDirId: 'docker', id: SOME_ID.toUpperCase(), confirmation: 'x' }, code: 'INVALID_ARGUMENT', op: 'keys.remove' },
      { label: 'unknown field (strict)', channel: 'vault:keys.export', args: { trustDirId: 'docker', ids: [SOME_ID], kind: 'bundle', path: '/etc/passwd' }, code: 'INVALID_ARGUMENT', op: 'keys.export' },
      { label: 'dot segment in a role', channel: 'vault:keys.generate', args: { trustDirId: 'docker', role: 'targets/../root', passphrase: 'long enough pass' }, code: 'INVALID_ARGUMENT', op: 'keys.generate' },
      { label: 'GUN with ..', channel: 'vault:keys.generate', args: { trustDirId: 'docker', role: 'targets', gun: 'example.com/../x', passphrase: 'long enough pass' }, code: 'INVALID_ARGUMENT', op: 'keys.generate' },
      { label: 'oversized passphrase', channel: 'vault:clipboard.copySecret', args: { text: 'x'.repeat(5000) }, code: 'INVALID_ARGUMENT', op: 'clipboard.copySecret' },
      { label: 'wrong type', channel: 'vault:clipboard.copySecret', args: { text: 42 }, code: 'INVALID_ARGUMENT', op: 'clipboard.copySecret' },
      { label: 'not an object', channel: 'vault:trustDirs.add', args: 'open /', code: 'INVALID_ARGUMENT', op: 'trustDirs.add' },
      { label: 'too many IDs', channel: 'vault:keys.export', args: { trustDirId: 'docker', ids: Array(10_001).fill(SOME_ID), kind: 'public' }, code: 'INVALID_ARGUMENT', op: 'keys.export' },
      { label: 'unknown operation', channel: 'vault:fs.readFile', args: { path: '/etc/passwd' }, code: 'UNKNOWN_OPERATION', op: 'fs.readFile' },
      { label: 'prototype key', channel: 'vault:keys.__proto__', args: {}, code: 'UNKNOWN_OPERATION', op: 'keys.__proto__' },
      { label: 'not a string channel', channel: 'vault:app.info ', args: {}, code: 'UNKNOWN_OPERATION', op: 'app.info ' },
    ];
    for (const c of cases) {
      // Straight to the binding, past makeVaultApi: what a compromised page could send. (The binding answers JSON.)
      const result = await page.evaluate(
        ([channel, args]) =>
          (window as unknown as { __vaultInvoke: (c: string, a: unknown) => Promise<string> })
            .__vaultInvoke(channel, args)
            .then((text) => JSON.parse(text)),
        [c.channel, c.args] as const,
      );
      expect(result, c.label).toMatchObject({ ok: false, code: c.code });
      expect(vault.core.handlerRuns, c.label).not.toContain(c.op);
    }
    // Through the typed API too: the same schema applies whatever the renderer sends.
    const viaApi = await page.evaluate(() =>
      window.vault.keys.changePassphrase({
        trustDirId: 'docker',
        id: 'not-an-id',
        oldPassphrase: 'x',
        newPassphrase: 'y',
      } as never),
    );
    expect(viaApi).toMatchObject({ ok: false, code: 'INVALID_ARGUMENT' });
    expect(vault.core.handlerRuns).not.toContain('keys.changePassphrase');
  });
});
