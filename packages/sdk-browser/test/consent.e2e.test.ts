import { chromiumAvailable, launchChromium, waitFor } from '@clickstream/test-support'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { startCollector, type TestCollector } from './support/collector.js'
import { type Site, startSite } from './support/site.js'

type Result = { ok: boolean; reason?: string }
type Api = Record<string, (...args: unknown[]) => Promise<Result>>

/** Calls `analytics[method](...args)` in the page and returns what it settled with. */
const call = (page: Page, method: string, ...args: unknown[]) =>
  page.evaluate(
    ([m, a]) => (window as unknown as { analytics: Api }).analytics[m as string]?.(...(a as [])),
    [method, args] as const,
  )

/** How many events the page's IndexedDB queue holds (the SDK's `clickstream` database). */
const queued = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('clickstream')
        open.onerror = () => reject(open.error)
        open.onsuccess = () => {
          const db = open.result
          if (!db.objectStoreNames.contains('queue')) return resolve(0)
          const get = db.transaction('queue').objectStore('queue').get('events')
          get.onsuccess = () => resolve((get.result ?? []).length)
          get.onerror = () => reject(get.error)
        }
      }),
  )

const byEvent = (collector: TestCollector, anonymousId: unknown) =>
  collector
    .unique()
    .filter((m) => m.anonymousId === anonymousId)
    .map((m) => String(m.event ?? m.type))

describe.runIf(chromiumAvailable())('consent, GPC and optOut in real Chromium', () => {
  let browser: Browser
  const contexts: BrowserContext[] = []
  let collector: TestCollector
  let site: Site

  /** Page `/consented` gives consent inline at load; every other path leaves it unknown. */
  const open = async (load: Record<string, unknown>, inline = '') => {
    collector = await startCollector()
    site = await startSite({
      collector: collector.url,
      load: { flushInterval: 100, retryBaseDelay: 50, ...load },
      inline: `${inline}; if (location.pathname === '/consented') analytics.consent({ Analytics: true }); analytics.track('Loaded');`,
    })
  }
  const newPage = async (init?: () => void) => {
    const context = await browser.newContext()
    contexts.push(context)
    if (init) await context.addInitScript(init)
    return context.newPage()
  }
  const anonymousId = (page: Page) =>
    page.evaluate(async () => {
      const { analytics } = window as unknown as { analytics: { user(): unknown } }
      const user = (await analytics.user()) as { anonymousId(): string } // a promise before load
      return user.anonymousId()
    })

  beforeAll(async () => {
    browser = await launchChromium()
  })
  afterEach(async () => {
    for (const context of contexts.splice(0)) await context.close()
    await site?.close()
    await collector?.close()
  })
  afterAll(async () => {
    await browser?.close()
  })

  it('holds events until consent is known, then delivers them stamped with it', async () => {
    await open({ consent: {} })
    const held = await newPage()
    await held.goto(`${site.url}/shop`)
    // Not awaited: the call settles only once consent is known.
    await held.evaluate(() => {
      void (window as unknown as { analytics: Api }).analytics.track?.('Added to cart')
    })
    const heldId = await anonymousId(held)
    // Another visitor who consents at load: once their events arrived, the first visitor's
    // would have too, had they not been held.
    const other = await newPage()
    await other.goto(`${site.url}/consented`)
    const otherId = await anonymousId(other)
    await waitFor(() => byEvent(collector, otherId).length === 1, {
      what: 'the consenting visitor’s event',
      deadline: 30_000,
    })
    expect(byEvent(collector, heldId)).toEqual([])
    expect(await queued(held)).toBe(0) // held in memory: nothing written to the device either

    await call(held, 'consent', { Analytics: true, Advertising: false })
    await waitFor(() => byEvent(collector, heldId).length === 2, {
      what: 'the held events',
      deadline: 30_000,
    })
    expect(byEvent(collector, heldId)).toEqual(['Loaded', 'Added to cart']) // in call order
    for (const m of collector.unique().filter((m) => m.anonymousId === heldId)) {
      expect(m.context).toMatchObject({
        consent: { categoryPreferences: { Analytics: true, Advertising: false } },
      })
    }
  })

  it('records and sends nothing under Global Privacy Control when the site honours it', async () => {
    await open({ honorPrivacySignals: true, consent: { categories: { Analytics: true } } })
    const gpc = await newPage(() =>
      Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }),
    )
    await gpc.goto(`${site.url}/shop`)
    expect(await call(gpc, 'track', 'Viewed')).toEqual({
      ok: false,
      reason: 'track: opted out',
    })
    await call(gpc, 'flush')
    const gpcId = await anonymousId(gpc)
    const plain = await newPage() // no signal: tracked as usual
    await plain.goto(`${site.url}/shop`)
    const plainId = await anonymousId(plain)
    await call(plain, 'track', 'Viewed')
    await waitFor(() => byEvent(collector, plainId).length === 2, {
      what: 'the visitor without GPC',
      deadline: 30_000,
    })
    expect(byEvent(collector, gpcId)).toEqual([])
    expect(await queued(gpc)).toBe(0)
  })

  it('optOut clears the queue: events queued before it are never sent', async () => {
    await open({ flushInterval: 60_000, consent: { categories: { Analytics: true } } })
    const page = await newPage()
    await page.goto(`${site.url}/shop`)
    await call(page, 'flush') // sends 'Loaded'; from now on events wait for the 60 s interval
    await call(page, 'track', 'Before opt-out')
    expect(await queued(page)).toBe(1)
    await call(page, 'optOut')
    expect(await queued(page)).toBe(0)
    expect(await call(page, 'track', 'While opted out')).toMatchObject({ ok: false })
    await call(page, 'optIn')
    await call(page, 'track', 'After opt-in')
    await call(page, 'flush')
    const id = await anonymousId(page)
    await waitFor(() => byEvent(collector, id).length >= 2, {
      what: 'the event after opt-in',
      deadline: 30_000,
    })
    expect(byEvent(collector, id)).toEqual(['Loaded', 'After opt-in'])
  })
})
