/** Who sent an IPC message, as Electron's event.senderFrame (or the harness's binding source) describes it. */
export interface SenderInfo {
  isMainFrame: boolean;
  url: string;
}

/**
 * A message is ours only if it comes from the main frame of a page served from the app's own origin.
 * Parsed with the URL parser, never by substring, so app://vault.evil.com or a data: URL cannot pass.
 */
export function isTrustedSender(sender: SenderInfo | null | undefined, appOrigin: string): boolean {
  if (!sender || sender.isMainFrame !== true || typeof sender.url !== 'string') return false;
  try {
    const url = new URL(sender.url);
    const origin = new URL(appOrigin);
    return url.protocol === origin.protocol && url.host === origin.host;
  } catch {
    return false;
  }
}
