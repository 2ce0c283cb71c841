import { enrichInputOf, openEnricher } from '@clickstream/enrich'
import type { EnrichedMessage, Issue, SessionRecord } from '@clickstream/schema'
import { chromiumAvailable, launchChromium } from '@clickstream/test-support'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serveWebApp, webAppOptions } from '../../test/support/web-app.js'
import { createEventFeed } from './event-feed.js'
import { createWebApp } from './web-app.js'

/** Markup in user data: it must arrive on the page as text, never as elements. */
const HOSTILE = '<img src=x onerror="window.pwned=1">'

const base = {
  startedAt: new Date(Date.now() - 120_000).toISOString(),
  endedAt: new Date(Date.now() - 60_000).toISOString(),
  durationMs: 60_000,
  eventCount: 3,
  pageViewCount: 2,
  trackCount: 1,
  eventCounts: {},
  bounce: false,
  updatedAt: new Date().toISOString(),
}
/** Sessions as the sessionizer stores them (enrichment fields on the record). */
const human: SessionRecord = {
  ...base,
  sessionId: 's-human',
  key: 'anon-h',
  anonymousId: 'anon-h',
  deviceType: 'mobile',
  browserName: 'Mobile Safari',
  browserVersion: '18.1',
  osName: 'iOS',
  osVersion: '18.1',
  bot: false,
  country: 'DE',
  region: 'Bavaria',
  city: HOSTILE,
  channel: 'email',
  trafficSource: 'newsletter',
  trafficMedium: 'email',
}
const bot: SessionRecord = {
  ...base,
  sessionId: 's-bot',
  key: 'anon-b',
  anonymousId: 'anon-b',
  deviceType: 'bot',
  bot: true,
  country: 'US',
  channel: 'direct',
  trafficSource: '(direct)',
  trafficMedium: '(none)',
}
/** A session written before enrichment: no fields, and the view still shows it. */
const old: SessionRecord = { ...base, sessionId: 's-old', key: 'anon-o', anonymousId: 'anon-o' }

const event: EnrichedMessage = {
  type: 'page',
  name: HOSTILE,
  messageId: 'm-enriched',
  anonymousId: 'anon-h',
  timestamp: base.startedAt,
  receivedAt: base.startedAt,
  properties: { note: `</pre>${HOSTILE}` },
  context: {
    ip: '8.8.8.8',
    userAgent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1',
    page: {
      url: 'https://shop.example/?utm_source=newsletter&utm_medium=email',
      referrer: 'https://mail.example/',
    },
  },
}
/** A flagged event: the collector recorded its tracking-plan violations (markup in one, as text). */
const violations: Issue[] = [
  {
    path: 'properties.total',
    code: 'required',
    message: 'properties.total: is required by the tracking plan',
  },
  {
    path: 'event',
    code: 'unplanned_event',
    message: `event: "${HOSTILE}" is not in the tracking plan`,
  },
]
const flagged: EnrichedMessage = {
  type: 'track',
  event: HOSTILE,
  messageId: 'm-flagged',
  anonymousId: 'anon-h',
  timestamp: base.startedAt,
  receivedAt: base.startedAt,
  context: { violations },
}

/** What the feed tail stores: the enrichment of the consumers' enricher (default config here). */
const enrichment = openEnricher().enrich(enrichInputOf(event)).enrichment

const run = chromiumAvailable()
let browser: Browser
let url: string
let close = async () => {}

beforeAll(async () => {
  if (!run) return
  const feed = createEventFeed()
  // Oldest first: the flagged event's rejected record, the flagged event, then the enriched one.
  feed.add({
    kind: 'rejected',
    at: Date.now() - 2,
    sourceId: 's',
    messageId: 'm-flagged',
    reason: 'plan_flagged',
    issues: violations,
    raw: JSON.stringify(flagged),
  })
  feed.add({ kind: 'accepted', at: Date.now() - 1, key: 'anon-h', sourceId: 's', event: flagged })
  feed.add({ kind: 'accepted', at: Date.now(), key: 'anon-h', sourceId: 's', event, enrichment })
  const sessions = [human, bot, old]
  const app = createWebApp(
    webAppOptions({
      feed,
      sessions: {
        recent: async () => sessions,
        get: async (id) => sessions.find((s) => s.sessionId === id),
      },
    }),
  )
  ;({ url, close } = await serveWebApp(app))
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await close()
})

const pwned = (page: Page) => page.evaluate('window.pwned')
const cells = (page: Page, selector: string) =>
  page.$$eval(`#rows tr ${selector}`, (tds) => tds.map((td) => td.textContent?.trim() ?? ''))

describe.runIf(run)('the sessions view and the debugger show the enrichment (Chromium)', () => {
  it('shows each session’s device, country and channel as stored, bots hidden until asked', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}/sessions`)
    // Locators, not a string predicate: polling a string needs eval, which the views' CSP refuses.
    await page.locator('#rows tr').nth(1).waitFor()
    expect(await page.locator('#rows tr').count()).toBe(2)
    expect(await page.textContent('#bot-count')).toBe('1 bot sessions hidden')
    // The table names the device; its title and the session's detail add the versions.
    expect(await cells(page, 'td.device')).toEqual(['mobile · Mobile Safari · iOS', ''])
    expect(await page.getAttribute('#rows tr[data-id="s-human"] td.device', 'title')).toBe(
      'mobile · Mobile Safari 18.1 · iOS 18.1',
    )
    expect(await cells(page, 'td.country')).toEqual([`DE · Bavaria · ${HOSTILE}`, ''])
    expect(await cells(page, 'td.channel')).toEqual(['email', ''])
    expect(await page.getAttribute('#rows tr[data-id="s-human"] td.channel', 'title')).toBe(
      'email (newsletter / email)',
    )

    await page.check('#show-bots')
    await page.locator('#rows tr').nth(2).waitFor()
    expect(await page.locator('#rows tr').count()).toBe(3)
    expect(await page.textContent('#bot-count')).toBe('1 bot sessions shown')
    expect(await page.$$eval('#rows tr .badge.bot', (b) => b.length)).toBe(1)
    expect(await page.textContent('#rows tr[data-id="s-bot"] td.device')).toBe('bot')
    expect(await page.textContent('#rows tr[data-id="s-bot"] td.channel')).toBe('direct')

    await page.click('#rows tr[data-id="s-human"]')
    await page.waitForSelector('#detail p.enrichment')
    expect(await page.textContent('#detail p.enrichment')).toContain(
      'mobile · Mobile Safari 18.1 · iOS 18.1 · DE · Bavaria',
    )
    expect(await page.textContent('#detail p.enrichment')).toContain('email (newsletter / email)')
    expect(await page.$$('#rows img, #detail img')).toEqual([])
    expect(await pwned(page)).toBeUndefined()
    await page.close()
  })

  it('shows an event’s enrichment beside its raw JSON, markup as text', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}/debugger`)
    await page.waitForSelector('#rows tr')
    await page.click('#rows tr:first-child')
    await page.waitForSelector('#detail .beside .enrichment')
    const raw = JSON.parse((await page.textContent('#detail pre.raw')) ?? '')
    expect(raw).toEqual(event)
    const shown = JSON.parse((await page.textContent('#detail .enrichment pre.fields')) ?? '')
    expect(shown).toEqual(enrichment)
    const field = (name: string) => page.textContent(`#detail dd[data-field="${name}"]`)
    expect(await field('country')).toBe(enrichment.country ?? '—')
    expect(await field('bot')).toBe(enrichment.bot ? 'yes' : 'no')
    expect(await field('channel')).toMatch(new RegExp(`^${enrichment.channel}`))
    expect(await field('device')).toMatch(new RegExp(`^${enrichment.deviceType}`))
    // Side by side: the enrichment's column starts level with the JSON, to its right.
    const [json, side] = await Promise.all([
      page.locator('#detail pre.raw').boundingBox(),
      page.locator('#detail .enrichment').boundingBox(),
    ])
    expect(side?.x).toBeGreaterThan((json?.x ?? 0) + (json?.width ?? 0) - 1)
    expect(Math.abs((side?.y ?? 0) - (json?.y ?? 0))).toBeLessThan(20)
    expect(await page.$$('#detail img, #rows img')).toEqual([])
    expect(await pwned(page)).toBeUndefined()
    await page.close()
  })

  it('shows a flagged event’s tracking-plan violations, and its rejected record as flagged, as text', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}/debugger`)
    await page.locator('#rows tr').nth(2).waitFor()
    expect(await cells(page, 'td:nth-child(2)')).toEqual(['accepted', 'accepted 2 ⚠', 'flagged'])
    expect(await page.textContent('#counts')).toBe(
      '2 accepted (1 with violations) · 1 rejected records',
    )
    await page.click('#rows tr:nth-child(2)')
    await page.waitForSelector('#detail .violations li')
    expect(
      await page.$$eval('#detail .violations li', (li) => li.map((l) => l.textContent)),
    ).toEqual(violations.map((v) => `${v.message} (${v.code})`))
    await page.click('#rows tr:nth-child(3)')
    await page.waitForSelector('#detail h2')
    expect(await page.textContent('#detail h2')).toBe(
      'Tracking-plan violations (the event is in the stream too)',
    )
    expect(await page.$$('#detail img, #rows img')).toEqual([])
    expect(await pwned(page)).toBeUndefined()
    await page.close()
  })
})
