// The lock/unlock state machine's plumbing: the back end answers app_status (and unlock) on a
// thread pool, so answers can arrive out of order; the UI must never let a stale one win.

/**
 * Latest-issued-wins: `issue()` before asking, `isLatest(ticket)` when the answer arrives;
 * an answer is applied only if no newer request was issued after it.
 */
export function latestWins() {
  let issued = 0;
  return {
    issue: () => ++issued,
    isLatest: (ticket: number) => ticket === issued,
  };
}

/**
 * Runs `task` every `everyMs`, the next run scheduled only once the previous one has settled
 * (never overlapping, however slow the answer). `task` gets `alive()`: false once stopped, so an
 * answer landing after `stop()` can be dropped. Returns `stop`.
 */
export function pollEvery(everyMs: number, task: (alive: () => boolean) => Promise<unknown>): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const alive = () => !stopped;
  const schedule = () => {
    if (!stopped) timer = setTimeout(run, everyMs);
  };
  const run = () => {
    task(alive).catch(() => undefined).finally(schedule);
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
