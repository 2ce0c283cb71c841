import { mkdtempSync, rmSync } from 'node:fs'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEnricher } from '@clickstream/enrich'
import { type Lake, openLake, PANELS } from '@clickstream/lake'
import { createGracefulClose } from '@clickstream/local-aws'
import { chromiumAvailable, launchChromium } from '@clickstream/test-support'
import { serve } from '@hono/node-server'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeSimulatedLake } from '../../test/support/simulated-lake.js'
import { webAppOptions } from '../../test/support/web-app.js'
import { simulatedEnvelopes } from '../simulate/envelopes.js'
import { type Analytics, createAnalytics } from './analytics.js'
import { createWebApp } from './web-app.js'

/** Markup in event data: the page must show it as text. */
const HOSTILE_EVENT = '<img src=x onerror="window.pwned=1">'
const HOSTILE_PATH = '/<script>window.pwned=2</script>'
const FROM = '2026-03-02'
const TO = '2026-03-03'

const run = chromiumAvailable()
let browser: Browser
let url: string
let dir: string
let lake: Lake
let analytics: Analytics
let close = async () => {}

beforeAll(async () => {
  if (!run) return
  dir = mkdtempSync(join(tmpdir(), 'clickstream-dashboard-'))
  const lakeRoot = join(dir, 'lake')
  // Three days of the simulator's shop traffic: two shown, the day before them the previous period.
  const arrived = [0, 1, 2].flatMap((day) =>
    simulatedEnvelopes({
      users: 30,
      events: 1_500,
      gapMs: 30 * 60_000,
      start: Date.parse('2026-03-01T06:00:00Z') + day * 86_400_000,
      seed: day + 1,
    }),
  )
  let marked = 0
  for (const { envelope } of arrived)
    for (const event of envelope.events) {
      if (
        marked < 12 &&
        event.timestamp >= FROM &&
        event.type === 'track' &&
        event.event === 'Product Viewed'
      ) {
        event.event = HOSTILE_EVENT
        marked++
      }
      if (event.type === 'page' && event.properties?.path === '/cart.html') {
        event.properties = {
          ...event.properties,
          path: HOSTILE_PATH,
          title: '<script>window.pwned=3</script>',
        }
        const context = event.context as { page?: Record<string, unknown> }
        if (context.page) context.page = { ...context.page, path: HOSTILE_PATH }
      }
    }
  await writeSimulatedLake(lakeRoot, arrived, openEnricher())
  lake = await openLake({ lake: lakeRoot, range: { from: FROM, to: TO } })
  analytics = createAnalytics({ lakeRoot })
  const app = createWebApp(webAppOptions({ analytics }))
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
  })
  close = createGracefulClose(server as Server, { abandonedMs: 1000 })
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await close()
  await analytics?.close()
  lake?.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** Waits until every panel shows the answer to `query` (the filters in the address). */
async function panelsFor(page: Page, includes: string) {
  for (const name of PANELS)
    await page
      .locator(`section[data-panel="${name}"][data-state="ready"][data-query*="${includes}"]`)
      .waitFor({ timeout: 30_000 })
}
const figure = async (page: Page, name: string) =>
  Number(await page.textContent(`section[data-panel="visitors"] [data-figure="${name}"] strong`))
const column = (page: Page, panel: string, index: number) =>
  page.$$eval(`section[data-panel="${panel}"] tbody tr td:nth-child(${index})`, (tds) =>
    tds.map((td) => td.textContent ?? ''),
  )
const one = async (sql: string) => Number((await lake.query(sql)).rows[0]?.[0])
const visitorsWhere = (condition: string) =>
  one(
    `SELECT count(DISTINCT person_id) FROM person_sessions WHERE coalesce(is_bot, false) = false AND ${condition}`,
  )

describe.runIf(run)('the analytics dashboard (Chromium)', () => {
  it('renders every panel from simulated traffic; a filter changes the numbers as SQL says', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    // The CSP (scripts and styles from 'self' only) refuses anything inline: Chart.js must not need it.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) errors.push(message.text())
    })
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname
      if (response.status() >= 400 && path !== '/favicon.ico')
        errors.push(`${response.status()} ${path}`)
    })
    await page.goto(`${url}/analytics?from=${FROM}&to=${TO}`)
    await panelsFor(page, `from=${FROM}`)
    for (const name of PANELS) {
      const rows = await page.locator(`section[data-panel="${name}"] tbody tr`).count()
      expect([name, rows > 0]).toEqual([name, true])
    }
    // A chart drawn by Chart.js on each charted panel.
    expect(await page.locator('section[data-panel] canvas').count()).toBe(PANELS.length - 2)
    expect(await page.evaluate('typeof window.Chart')).toBe('function')

    const visitors = await figure(page, 'visitors')
    expect(visitors).toBe(await visitorsWhere('TRUE'))
    expect(await figure(page, 'events')).toBe(
      await one(
        'SELECT count(*) FROM session_events AS e JOIN sessions AS s USING (session_id) WHERE coalesce(s.is_bot, false) = false',
      ),
    )
    const top = await lake.query(
      // A country, not the back-end's sessions (no IP, no country).
      'SELECT country, count(DISTINCT person_id) FROM person_sessions WHERE coalesce(is_bot, false) = false AND country IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1',
    )
    const country = String(top.rows[0]?.[0])

    await page.fill('#filters input[name="country"]', country)
    await page.click('#filters button[type="submit"]')
    await panelsFor(page, `country=${country}`)
    const filtered = await figure(page, 'visitors')
    expect(filtered).toBe(await visitorsWhere(`country = '${country}'`))
    expect(filtered).toBeLessThan(visitors)
    expect(await column(page, 'countries', 1)).toEqual([country])
    // The SQL on request: the filter in it, and pasted into DuckDB it gives the rows shown.
    await page.click('section[data-panel="top_pages"] details.sql summary')
    const shown = (await page.textContent('section[data-panel="top_pages"] pre.duckdb')) ?? ''
    expect(await page.isVisible('section[data-panel="top_pages"] pre.athena')).toBe(true)
    expect(shown).toContain(`country = '${country}'`)
    const pasted = await lake.query(shown)
    expect(await column(page, 'top_pages', 2)).toEqual(pasted.rows.map((r) => String(r[1])))
    expect(errors).toEqual([])
    await page.close()
  })

  it('edits the funnel’s steps and the path view’s page', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}/analytics?from=${FROM}&to=${TO}`)
    await panelsFor(page, `from=${FROM}`)
    expect(await column(page, 'funnel', 2)).toEqual([
      'Product Viewed',
      'Product Added',
      'Checkout Started',
      'Order Completed',
    ])
    await page.fill('section[data-panel="funnel"] input[aria-label="step 3"]', '')
    await page.fill('section[data-panel="funnel"] input[aria-label="step 4"]', '')
    await page.click('section[data-panel="funnel"] .panel-controls button')
    await page
      .locator('section[data-panel="funnel"][data-state="ready"][data-query*="step=Product+Added"]')
      .waitFor()
    expect(await column(page, 'funnel', 2)).toEqual(['Product Viewed', 'Product Added'])

    await page.fill('section[data-panel="paths"] input[aria-label="page"]', '/checkout.html')
    await page.click('section[data-panel="paths"] .panel-controls button')
    await page
      .locator('section[data-panel="paths"][data-state="ready"][data-query*="checkout.html"]')
      .waitFor()
    const next = await column(page, 'paths', 1)
    const expected = await lake.query(
      `SELECT coalesce(next_page, '(exit)') FROM (SELECT page_path, lead(page_path) OVER (PARTITION BY session_id ORDER BY seq) AS next_page FROM session_events AS e JOIN sessions AS s USING (session_id) WHERE e.type = 'page' AND coalesce(s.is_bot, false) = false) WHERE page_path = '/checkout.html' GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 20`,
    )
    expect(next).toEqual(expected.rows.map((r) => String(r[0])))
    await page.close()
  })

  it('shows markup in event data as text', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}/analytics?from=${FROM}&to=${TO}`)
    await panelsFor(page, `from=${FROM}`)
    expect(await column(page, 'top_events', 1)).toContain(HOSTILE_EVENT)
    expect(await column(page, 'top_pages', 1)).toContain(HOSTILE_PATH)
    expect(await page.$$('#panels img, #panels script')).toEqual([])
    expect(await page.evaluate('window.pwned')).toBeUndefined()
    await page.close()
  })
})
