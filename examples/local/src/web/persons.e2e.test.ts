import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EnrichedMessage, SessionRecord } from '@clickstream/schema'
import { chromiumAvailable, launchChromium } from '@clickstream/test-support'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeTestLake } from '../../test/support/lake-files.js'
import { serveWebApp, webAppOptions } from '../../test/support/web-app.js'
import { simulatedEnvelopes } from '../simulate/envelopes.js'
import { generateJourneys } from '../simulate/journeys.js'
import { lakePersons, type PersonDetail } from './persons.js'
import { createWebApp } from './web-app.js'

/** Markup in user data: it must arrive on the page as text, never as elements. */
const HOSTILE = '<img src=x onerror="window.pwned=1">'
const traffic = {
  users: 60,
  events: 2500,
  gapMs: 30 * 60_000,
  start: Date.UTC(2026, 2, 1, 8),
  spanMs: 2 * 86_400_000,
  seed: 5,
}
const calls = generateJourneys(traffic)
const identifies = calls.filter((c) => c.type === 'identify')
const browsersOf = (userId: string) =>
  new Set(identifies.filter((c) => c.userId === userId).map((c) => c.anonymousId))
const twoDevices = [...new Set(identifies.map((c) => c.userId as string))].find(
  (u) => browsersOf(u).size >= 2,
) as string

/** One visitor whose page title, event name and path are markup. */
const at = (ms: number) => new Date(traffic.start + ms).toISOString()
const hostile = (
  n: number,
  fields: Partial<EnrichedMessage> & { type: EnrichedMessage['type'] },
): EnrichedMessage =>
  ({
    messageId: `m-hostile-${n}`,
    anonymousId: 'anon-hostile',
    timestamp: at(n * 1000),
    receivedAt: at(n * 1000),
    sentAt: at(n * 1000),
    context: { ip: '8.8.8.8', page: { path: `/${HOSTILE}`, title: HOSTILE } },
    ...fields,
  }) as EnrichedMessage

const run = chromiumAvailable()
let browser: Browser
let url: string
let dir: string
let close = async () => {}
let persons: ReturnType<typeof lakePersons>

beforeAll(async () => {
  if (!run) return
  dir = await mkdtemp(join(tmpdir(), 'persons-e2e-'))
  const events = [
    hostile(1, { type: 'page', name: HOSTILE }),
    hostile(2, { type: 'identify', userId: 'hostile-user', traits: { email: 'h@example.com' } }),
    hostile(3, { type: 'track', event: HOSTILE, userId: 'hostile-user' }),
  ]
  await writeTestLake(join(dir, 'lake'), [
    ...simulatedEnvelopes(traffic),
    {
      arrivedAt: traffic.start + 5_000,
      envelope: { v: 1, key: 'anon-hostile', sourceId: 's', receivedAt: at(4_000), events },
    },
  ])
  persons = lakePersons(join(dir, 'lake'))
  const session: SessionRecord = {
    sessionId: 's-1',
    key: [...browsersOf(twoDevices)][0] as string,
    anonymousId: [...browsersOf(twoDevices)][0] as string,
    userId: twoDevices,
    startedAt: at(0),
    endedAt: at(60_000),
    durationMs: 60_000,
    eventCount: 3,
    pageViewCount: 2,
    trackCount: 1,
    eventCounts: {},
    bounce: false,
    updatedAt: at(60_000),
  }
  const app = createWebApp(
    webAppOptions({
      persons,
      sessions: { recent: async () => [session], get: async () => session },
    }),
  )
  ;({ url, close } = await serveWebApp(app))
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  await close()
  if (dir) await rm(dir, { recursive: true, force: true })
})

const pwned = (page: Page) => page.evaluate('window.pwned')

describe.runIf(run)('the person page (Chromium, on a lake of simulated traffic)', () => {
  it('shows one person’s browsers and every session oldest first, each with its timeline', async () => {
    const detail = (await persons.get(`user:${twoDevices}`)) as PersonDetail
    const page = await browser.newPage()
    await page.goto(`${url}/persons?id=${encodeURIComponent(`user:${twoDevices}`)}`)
    await page.locator('#person-title').waitFor()
    expect(await page.textContent('#person-title')).toBe(twoDevices)
    expect(await page.locator('#devices tbody tr').count()).toBe(browsersOf(twoDevices).size)
    const sessions = page.locator('#sessions details.session')
    expect(await sessions.count()).toBe(detail.sessions.length)
    expect(await sessions.evaluateAll((d) => d.map((n) => n.getAttribute('data-id')))).toEqual(
      detail.sessions.map((s) => s.sessionId),
    )
    const last = sessions.last()
    await last.locator('summary').click()
    const rows = last.locator('table.timeline tr')
    await rows.first().waitFor()
    expect(await rows.count()).toBe(detail.sessions.at(-1)?.events.length)
    await page.close()
  })

  it('is reached from the sessions view and from a search by e-mail', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}/sessions`)
    await page.locator('#rows a.person').click()
    await page.waitForURL(/\/persons\?q=/)
    await page.locator('#person-title').waitFor()
    expect(await page.textContent('#person-title')).toBe(twoDevices)

    await page.fill('#q', `${twoDevices}@example.com`)
    await page.click('#search button')
    await page.waitForURL(/q=.*%40example\.com/)
    await page.locator('#person-title').waitFor()
    expect(await page.textContent('#person-title')).toBe(twoDevices)
    expect(await page.locator('#results tr').count()).toBe(1)
    await page.close()
  })

  it('shows markup in event data as text', async () => {
    const page = await browser.newPage()
    await page.goto(`${url}/persons?q=hostile-user`)
    await page.locator('#person-title').waitFor()
    await page.locator('#sessions details.session summary').first().click()
    const cells = await page
      .locator('#sessions table.timeline td')
      .evaluateAll((tds) => tds.map((td) => td.textContent))
    expect(cells).toContain(HOSTILE)
    expect(cells).toContain(`/${HOSTILE}`)
    expect(await page.$$('#person img, #results img')).toEqual([])
    expect(await pwned(page)).toBeUndefined()
    await page.close()
  })
})
