import { contextBridge, ipcRenderer } from 'electron';
import { makeVaultApi } from '../shared/vault-api';

// window.vault: one method per contract operation, built from the contract, and nothing else. The invoke below stays
// inside the isolated preload world; the page never gets ipcRenderer or a way to name a channel itself.
contextBridge.exposeInMainWorld(
  'vault',
  makeVaultApi((channel, args) => ipcRenderer.invoke(channel, args)),
);
