/**
 * Long work written once as a generator that yields where it may pause, and run either at once (start-up,
 * tools, tests) or with a pause awaited at each yield (an index restored or prepared while the process
 * answers questions). One owner of both drivers: the typo index and index restoring use them.
 */

/** Work that yields (nothing) where it may pause and returns `T`. */
export type Steps<T> = Generator<void, T>;

/** Runs the steps to the end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (let r = steps.next(); ; r = steps.next()) if (r.done) return r.value;
}

/** Runs the steps, awaiting `pause` at every yield. */
export async function runStepsPausing<T>(steps: Steps<T>, pause: () => Promise<void>): Promise<T> {
  for (let r = steps.next(); ; r = steps.next()) {
    if (r.done) return r.value;
    await pause();
  }
}
