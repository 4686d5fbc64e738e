/** However the frame goes, the work starts within this time (a background tab runs no frames). */
const AT_THE_LATEST_MS = 250;

/**
 * Runs `work` once the browser has painted what is rendered now (the next frame, then a task), for
 * downloads a page wants soon but not before its content is on screen: on a slow connection they
 * would share the bandwidth with what the first paint needs. Returns a cancel function.
 */
export function afterPaint(work: () => void): () => void {
  let done = false;
  const run = () => {
    if (done) return;
    done = true;
    cancel();
    work();
  };
  let task: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    task = setTimeout(run, 0);
  });
  const latest = setTimeout(run, AT_THE_LATEST_MS);
  function cancel() {
    cancelAnimationFrame(frame);
    clearTimeout(task);
    clearTimeout(latest);
  }
  return () => {
    done = true;
    cancel();
  };
}
