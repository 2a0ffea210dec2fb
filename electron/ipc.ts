import type { IpcMain } from 'electron';
import { listOperations } from '../shared/contract';
import { encodeAnswer } from '../shared/wire/codecs';
import type { Dispatch } from './core/api/dispatcher';
import { createDispatcher } from './core/api/dispatcher';
import type { SenderInfo } from './core/api/sender';
import { createHandlers } from './core/handlers';
import type { CorePorts } from './core/ports';
import { APP_ORIGIN } from './shell/app-origin';

export type IpcMainApi = Pick<IpcMain, 'handle' | 'removeHandler'>;

/** What the sender check reads of an IpcMainInvokeEvent; Electron's event type fits it. */
export interface InvokeEventLike {
  readonly sender: { readonly mainFrame: object };
  readonly senderFrame: { readonly parent: object | null; readonly url: string; readonly detached?: boolean } | null;
}

/**
 * The frame that sent a message, as the dispatcher's sender check wants it. Read synchronously (the frame may be
 * gone after an await); a destroyed or missing frame is no sender at all, and is refused. The main frame is the
 * top frame that is this WebContents' current main frame: not a subframe, and not a page being unloaded after a
 * navigation (Electron marks that one detached).
 */
export function senderOf(event: InvokeEventLike): SenderInfo | null {
  try {
    const frame = event.senderFrame;
    if (!frame) return null;
    const isMainFrame = frame.parent === null && frame === event.sender.mainFrame && frame.detached !== true;
    return { isMainFrame, url: frame.url };
  } catch {
    return null;
  }
}

/**
 * The guarded dispatcher main uses: the same one the e2e harness drives. Unexpected errors go to main's console
 * with the channel only, never the arguments, which may hold passphrases.
 */
export function createVaultDispatch(ports: CorePorts, log: (...data: unknown[]) => void = console.error): Dispatch {
  return createDispatcher(createHandlers(ports), {
    appOrigin: APP_ORIGIN,
    onUnexpectedError: (channel, error) => log(`Unexpected error in ${channel}:`, error),
  });
}

/**
 * One ipcMain.handle per contract operation, each going through the dispatcher's guard (sender, channel, schema).
 * Only the first argument is passed on: the preload sends exactly one. Returns a function that unregisters them.
 */
export function registerIpc(ipcMain: IpcMainApi, dispatch: Dispatch): () => void {
  const channels = listOperations().map(({ channel }) => channel);
  for (const channel of channels) {
    // The answer as it travels (shared/wire/codecs.ts: the key listing goes as packed rows); the preload unpacks it.
    ipcMain.handle(channel, async (event: InvokeEventLike, args: unknown) => encodeAnswer(channel, await dispatch(channel, args, senderOf(event))));
  }
  return () => channels.forEach((channel) => ipcMain.removeHandler(channel));
}
