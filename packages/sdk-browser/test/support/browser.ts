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
  if (process.env.CI && process.env.CI !== 'false')
    throw new Error(`Chromium not found at ${chromiumPath} (CI is set)`)
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
