import type { Transport } from '@clickstream/sdk-core'
import {
  startUnreachable,
  type TransportContractServer,
  testTransport,
} from '@clickstream/sdk-core/testing'
import { chromiumAvailable, launchChromium } from '@clickstream/test-support'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe } from 'vitest'
import type { PageAdapters, TransportKind } from '../../test/support/adapters-entry.js'
import { startAdapterPage } from '../../test/support/adapters-page.js'
import { startCollector, WRITE_KEY } from '../../test/support/collector.js'

/*
 * fetch, keepalive and sendBeacon as Chromium really does them: from a page on one loopback
 * origin to the real collector on another (CORS, `text/plain`, no preflight).
 */
describe.runIf(chromiumAvailable())('transports in real Chromium', () => {
  let browser: Browser
  let page: Page
  let site: Awaited<ReturnType<typeof startAdapterPage>>

  beforeAll(async () => {
    ;[browser, site] = await Promise.all([launchChromium(), startAdapterPage()])
    page = await browser.newPage()
    await page.goto(site.url)
  })
  afterAll(async () => {
    await browser?.close()
    await site?.close()
  })

  /** The real collector (memory sinks) behind its fault switch, and a port that never answers. */
  const start = async (): Promise<TransportContractServer> => {
    const [collector, unreachable] = await Promise.all([startCollector(), startUnreachable()])
    return {
      url: `${collector.url}/v1/batch`,
      unreachableUrl: unreachable.url,
      force: (answer) =>
        collector.setFault(() => (answer ? { type: 'fail', ...answer } : { type: 'ok' })),
      accepted: () => collector.accepted(),
      close: async () => {
        await Promise.all([collector.close(), unreachable.close()])
      },
    }
  }
  /** The adapter, its `send` run in the page (serialised by Playwright: arguments only). */
  const inPage =
    (kind: TransportKind) =>
    (url: string): Transport => ({
      send: (events, options) =>
        page.evaluate(
          ([k, u, key, e, o]) =>
            (window as unknown as { adapters: PageAdapters }).adapters.send(k, u, key, e, o),
          [kind, url, WRITE_KEY, events, options] as const,
        ),
    })

  testTransport('fetch (Chromium)', {
    start,
    create: inPage('fetch'),
    unloading: 'fire-and-forget',
  })
  testTransport('sendBeacon (Chromium)', {
    start,
    create: inPage('beacon'),
    delivery: 'fire-and-forget',
    unloading: 'ignored',
  })
})
