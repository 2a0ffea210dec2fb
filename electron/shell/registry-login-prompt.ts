import type { BrowserWindow as BrowserWindowType, BrowserWindowConstructorOptions, Session } from 'electron';

type WindowClass = new (options: BrowserWindowConstructorOptions) => BrowserWindowType;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The prompt's page: a plain form, no network, no Node; submitting only changes the URL's hash (never the secret). */
function promptPage(registry: string): string {
  const r = escapeHtml(registry);
  return `<!doctype html><html><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'">
<title>Sign in to ${r}</title>
<style>body{font:14px system-ui,sans-serif;margin:20px;color:#1b2330}label{display:block;margin:10px 0 4px;font-weight:600}
input{width:100%;box-sizing:border-box;padding:6px 8px;border:1px solid #b8c0cc;border-radius:6px}
.row{display:flex;gap:8px;justify-content:flex-end;margin-top:16px}button{padding:6px 14px;border-radius:6px;border:1px solid #b8c0cc;background:#fff}
button[type=submit]{background:#2f5bd3;color:#fff;border-color:#2f5bd3}p{color:#566070;margin:0 0 8px}</style></head>
<body><p>Trust Vault keeps these in memory until the vault locks; they are never written to disk.</p>
<form id="f"><strong>${r}</strong><label for="u">User name</label><input id="u" autocomplete="off" autofocus>
<label for="p">Password or token</label><input id="p" type="password" autocomplete="off">
<div class="row"><button type="button" id="c">Cancel</button><button type="submit">Sign in</button></div></form>
<script>document.getElementById('f').onsubmit=function(e){e.preventDefault();location.hash='done'};
document.getElementById('c').onclick=function(){location.hash='cancel'};</script></body></html>`;
}

const hardened = new WeakSet<Session>();

/**
 * The prompt has its own in-memory session (the app's only loads app://): it may load its one data: page and nothing
 * else, and is granted no permission.
 */
function hardenPromptSession(s: Session): void {
  if (hardened.has(s)) return;
  hardened.add(s);
  s.setPermissionRequestHandler((_c, _p, callback) => callback(false));
  s.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !details.url.startsWith('data:text/html') }));
}

/**
 * Main's own prompt for registry credentials (issue 14, point 6): a small modal window with no preload and no Node,
 * sandboxed, that cannot navigate anywhere. When its form is submitted (the page only sets `#done`), main reads the
 * two fields from it and closes it: the user name and password go from this window to main, never to the renderer.
 */
export function askRegistryLoginIn(BrowserWindow: WindowClass, promptSession: Session, parent: BrowserWindowType | null, registry: string): Promise<{ user: string; password: string } | null> {
  hardenPromptSession(promptSession);
  const win = new BrowserWindow({
    width: 420,
    height: 300,
    resizable: false,
    minimizable: false,
    maximizable: false,
    modal: parent !== null,
    ...(parent ? { parent } : {}),
    title: `Sign in to ${registry}`,
    autoHideMenuBar: true,
    webPreferences: { session: promptSession, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
  });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: { user: string; password: string } | null) => {
      if (settled) return;
      settled = true;
      resolve(answer);
      if (!win.isDestroyed()) win.destroy();
    };
    win.webContents.on('will-navigate', (e) => e.preventDefault());
    win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
    win.webContents.on('did-navigate-in-page', (_e, url) => {
      if (url.endsWith('#cancel')) finish(null);
      else if (url.endsWith('#done')) {
        win.webContents
          .executeJavaScript("({ user: document.getElementById('u').value, password: document.getElementById('p').value })")
          .then((v: { user: unknown; password: unknown }) => finish(typeof v?.user === 'string' && typeof v?.password === 'string' ? { user: v.user, password: v.password } : null))
          .catch(() => finish(null));
      }
    });
    win.on('closed', () => finish(null));
    void win.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(promptPage(registry))}`);
  });
}
