import { chromiumAvailable, launchChromium } from '@clickstream/test-support'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type RunningPipeline, startLocalPipeline } from '../src/pipeline.js'
import { sessionsWith, testConfig } from './support/pipeline.js'

const GAP_MS = 6000
const run = chromiumAvailable()
let pipeline: RunningPipeline
let browser: Browser

beforeAll(async () => {
  if (!run) return
  pipeline = await startLocalPipeline(
    testConfig({
      inMemory: true,
      gapMs: GAP_MS,
      batchingWindowMs: 50,
    }),
  )
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await pipeline?.stop()
})

/** What Chromium refused under the pages' Content-Security-Policy (it says so on the console). */
const refused: string[] = []
const watch = (page: Page) =>
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(message.text())
  })

const visit = async (page: Page, path: string) => {
  const response = await page.goto(`${pipeline.urls.web}${path}`)
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self' 'nonce-")
  await page.waitForFunction('window.analytics && window.analytics.invoked')
}

describe.runIf(run)('demo site in Chromium → sessions in dynalite and in the views', () => {
  it('browses, signs in, goes idle past the gap, browses again: two sessions, right counts and pages', async () => {
    const context = await browser.newContext()
    const page = await context.newPage()
    watch(page)
    // session 1: home → category → product (add to cart) → cart → sign in
    await visit(page, '/')
    await visit(page, '/category.html?c=shoes')
    await visit(page, '/product.html?id=p-100')
    await page.click('#add')
    await page.waitForSelector('#added:has-text("Added")')
    await visit(page, '/cart.html')
    await visit(page, '/signin.html')
    await page.click('#submit')
    await page.waitForSelector('#welcome:has-text("Signed in")')
    // 5 pages + Product Viewed + Product Added + identify + Signed In
    await sessionsWith(pipeline.urls.web, 9)
    // The user is away past the gap. A duration, not a wait for something: it must pass in real
    // time, since the collector corrects event timestamps by its own clock (a faked page clock
    // would not move them).
    await page.waitForTimeout(GAP_MS + 2000)
    // session 2: home → product
    await visit(page, '/')
    await visit(page, '/product.html?id=p-200')
    const [first, second, ...rest] = await sessionsWith(pipeline.urls.web, 12)
    expect(rest).toEqual([])
    expect(first).toMatchObject({
      pageViewCount: 5,
      trackCount: 3,
      eventCount: 9,
      userId: 'user-ada@example.com',
      landingPage: { path: '/' },
      exitPage: { path: '/signin.html' },
      bounce: false,
      eventCounts: { 'Product Viewed': 1, 'Product Added': 1, 'Signed In': 1 },
    })
    expect(first?.userAgent).toMatch(/Chrome/)
    expect(first).toMatchObject({ bot: true, deviceType: 'bot', channel: 'direct' })
    expect(second).toMatchObject({
      key: first?.key,
      pageViewCount: 2,
      trackCount: 1,
      userId: 'user-ada@example.com',
      landingPage: { path: '/' },
      exitPage: { path: '/product.html' },
    })

    // The views show them.
    await page.goto(`${pipeline.urls.web}/sessions`)
    // Headless Chromium says so in its user agent: its sessions are a bot's, hidden until asked.
    await page.locator('#bot-count', { hasText: '2 bot sessions hidden' }).waitFor()
    await page.check('#show-bots')
    // Locators, not a string predicate: polling a string needs eval, which the views' CSP refuses.
    await page.locator('#rows tr').nth(1).waitFor()
    expect(await page.locator('#rows tr').count()).toBe(2)
    expect(await page.textContent('#rows')).toContain('user-ada@example.com')
    await page.click('#rows tr:first-child')
    await page.waitForSelector('#detail table tr')
    await page.goto(`${pipeline.urls.web}/debugger`)
    await page.locator('#rows tr').nth(11).waitFor()
    expect(await page.textContent('#rows')).toContain('Product Added')
    await page.click('#rows tr:first-child')
    expect(await page.textContent('#detail pre')).toContain('"messageId"')
    // Everything above ran under the policy: the snippet (nonce), the SDK bundle, the sends to the
    // collector (another origin), the views' scripts, styles and live stream.
    expect(refused).toEqual([])
    await context.close()
  })
})
