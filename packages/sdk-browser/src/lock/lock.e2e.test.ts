import { type LockContender, testLock } from '@clickstream/sdk-core/testing'
import { chromiumAvailable, launchChromium } from '@clickstream/test-support'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe } from 'vitest'
import type { PageAdapters } from '../../test/support/adapters-entry.js'
import { startAdapterPage } from '../../test/support/adapters-page.js'

/*
 * Web Locks exist only in a real browser (happy-dom has no navigator.locks). Where they are
 * missing (browsers before 2022), each tab sends on its own and the collector and sessionizer
 * dedupe what two tabs both send, by messageId.
 */
describe.runIf(chromiumAvailable())('Web Locks in real Chromium, one tab per contender', () => {
  let browser: Browser
  let context: BrowserContext
  let site: Awaited<ReturnType<typeof startAdapterPage>>
  const pages = new Map<LockContender, Page>()

  beforeAll(async () => {
    ;[browser, site] = await Promise.all([launchChromium(), startAdapterPage()])
    context = await browser.newContext()
  })
  afterEach(async () => {
    await Promise.all([...pages.values()].map((page) => page.close()))
    pages.clear()
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  /** A new tab of the same origin holding one contender of the lock `name`. */
  const tab = async (name: string) => {
    const page = await context.newPage()
    await page.goto(site.url)
    // Each callback runs in the page (serialised by Playwright): it can only use its arguments.
    type Win = { adapters: PageAdapters }
    const index = await page.evaluate((n) => (window as unknown as Win).adapters.contender(n), name)
    const contender: LockContender = {
      call: (task) =>
        page.evaluate(([i, t]) => (window as unknown as Win).adapters.call(i, t), [
          index,
          task,
        ] as const) as ReturnType<LockContender['call']>,
      hold: () =>
        page.evaluate((i) => (window as unknown as Win).adapters.hold(i), index) as ReturnType<
          LockContender['hold']
        >,
      release: () =>
        page.evaluate((i) => (window as unknown as Win).adapters.release(i), index) as ReturnType<
          LockContender['release']
        >,
    }
    pages.set(contender, page)
    return contender
  }
  testLock('Web Locks (Chromium)', {
    contender: tab,
    // The holder's tab is closed: Chromium releases its locks.
    abandon: async (holder) => {
      await pages.get(holder)?.close()
      pages.delete(holder)
    },
  })
})
