/**
 * Runs `fn` once the browser has painted what the current render committed: secondary work at start (the backup
 * coverage, the folder permission check) waits until the key list is on screen instead of competing with it.
 * A requestAnimationFrame callback runs just before a frame is painted, so a task queued from it runs after that
 * paint. A window that paints no frames (hidden, minimized) gets none: the fallback timer runs `fn` anyway.
 * Returns a cancel function, for effects.
 */
export function afterPaint(fn: () => void, fallbackMs = 250): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    clearTimeout(next);
    fn();
  };
  let next: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    next = setTimeout(run, 0);
  });
  const fallback = setTimeout(run, fallbackMs);
  return () => {
    done = true;
    cancelAnimationFrame(frame);
    clearTimeout(fallback);
    clearTimeout(next);
  };
}
