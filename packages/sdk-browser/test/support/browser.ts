import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'

/** Debian's Chromium (never a downloaded browser), or `$CHROMIUM_PATH`. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/**
 * Whether the e2e tests can run. Under `CI=true` a missing browser is a failure, not a skip;
 * locally the suite is skipped with a message saying how to install it.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(chromiumPath)) return true
  if (process.env.CI === 'true') throw new Error(`Chromium not found at ${chromiumPath} (CI=true)`)
  console.warn(`skipping e2e tests: no Chromium at ${chromiumPath} (apt-get install -y chromium)`)
  return false
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}

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
