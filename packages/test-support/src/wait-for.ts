/** Waits for `condition`, polling; throws with `what` after `timeout` ms. Not a timed assertion. */
export async function waitFor(
  what: string,
  condition: () => boolean,
  timeout = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeout
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 50))
  }
}
