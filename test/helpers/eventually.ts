/** Polls until `check` stops throwing (for effects that finish after the HTTP response); rethrows its last error after `timeoutMs`. */
export async function eventually(check: () => Promise<void> | void, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (err) {
      if (Date.now() - start > timeoutMs) throw err;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
}
