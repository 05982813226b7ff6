/** Timing helpers of a Slack turn: follow-ups wait for the reply they follow; a reply may have a deadline. */

/**
 * Holds follow-ups (a reindex's "done") until the reply they follow has been delivered: a fast run would
 * otherwise report before "started" is out.
 */
export function gate(): { done: Promise<void>; open: () => void } {
  let open!: () => void;
  const done = new Promise<void>((resolve) => (open = resolve));
  return { done, open };
}

/** Resolves with the promise's value, or `undefined` when it is not settled within `ms`. */
export async function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
