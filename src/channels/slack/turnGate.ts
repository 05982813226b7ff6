/** Timing of a Slack turn: follow-ups wait for the reply they follow. */

/**
 * Holds follow-ups (a reindex's "done") until the reply they follow has been delivered: a fast run would
 * otherwise report before "started" is out.
 */
export function gate(): { done: Promise<void>; open: () => void } {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { done, open };
}
