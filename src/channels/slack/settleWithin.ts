/**
 * The one race of a promise against a timer that the Slack adapter needs, for both of its uses: a slash
 * command's answer that may still fit in the ack (`slackPlugin.ts`), and Socket Mode calls that must not
 * hang a start or a stop (`socketModeReceiver.ts`).
 */

/**
 * Settles with `{ value }` when `promise` fulfils within `ms`, with `undefined` when it has not settled by
 * then, and rejects when it rejects first. The timer is cleared either way, so nothing keeps the process up.
 * The value is boxed so that a promise of `undefined` (a `void` call) is not read as a timeout.
 */
export async function settleWithin<T>(promise: Promise<T>, ms: number): Promise<{ value: T } | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
  try {
    return await Promise.race([promise.then((value) => ({ value })), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
