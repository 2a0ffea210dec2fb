import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { makeVaultApi } from '../shared/vault-api';
import { makeVaultEvents } from '../shared/vault-events';
import { makeVaultFiles } from '../shared/vault-files';

// window.vault: one method per contract operation, built from the contract, and nothing else. The invoke below stays
// inside the isolated preload world; the page never gets ipcRenderer or a way to name a channel itself.
contextBridge.exposeInMainWorld(
  'vault',
  makeVaultApi((channel, args) => ipcRenderer.invoke(channel, args)),
);

// window.vaultEvents: main's events (progress, drives), by the contract's names only; the listener gets the payload,
// never the IPC event (which would hand the page a sender object).
contextBridge.exposeInMainWorld(
  'vaultEvents',
  makeVaultEvents((channel, listener) => {
    const handler = (_event: Electron.IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => void ipcRenderer.removeListener(channel, handler);
  }),
);

// window.vaultFiles: files dropped on the window, previewed for import. Paths come from webUtils here in the preload
// and go straight to main (keys.previewFiles, read-only); the page gets the preview, never a path.
contextBridge.exposeInMainWorld(
  'vaultFiles',
  makeVaultFiles(
    (file: File) => webUtils.getPathForFile(file),
    (channel, args) => ipcRenderer.invoke(channel, args),
  ),
);
