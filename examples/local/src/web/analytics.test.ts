import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { openEnricher } from '@clickstream/enrich'
import { openLake } from '@clickstream/lake'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeSimulatedLake } from '../../test/support/simulated-lake.js'
import { webAppOptions } from '../../test/support/web-app.js'
import { simulatedEnvelopes } from '../simulate/envelopes.js'
import { createAnalytics, type PanelAnswer } from './analytics.js'
import { createWebApp } from './web-app.js'

type Answer = PanelAnswer
type Failure = { error: { code: string; field: string; message: string } }

const DAY = '2026-03-02'
const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickstream-analytics-'))
  dirs.push(dir)
  return dir
}
const appOn = (lakeRoot: string) => {
  const analytics = createAnalytics({ lakeRoot })
  return { analytics, app: createWebApp(webAppOptions({ analytics })) }
}

let lakeRoot: string
beforeAll(async () => {
  lakeRoot = join(tempDir(), 'lake')
  const arrived = simulatedEnvelopes({
    users: 20,
    events: 600,
    gapMs: 30 * 60_000,
    start: Date.parse(`${DAY}T08:00:00Z`),
  })
  await writeSimulatedLake(lakeRoot, arrived, openEnricher())
})
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

describe('GET /api/analytics/<panel>', () => {
  it('answers an empty state, not a 500, while the lake has no files', async () => {
    const { app, analytics } = appOn(join(tempDir(), 'lake'))
    const response = await app.request(`/api/analytics/top_pages?from=${DAY}&to=${DAY}`)
    expect(response.status).toBe(200)
    const body = (await response.json()) as Answer
    expect(body).toMatchObject({ panel: 'top_pages', columns: [], rows: [] })
    expect(body.empty).toMatch(/no Parquet files yet/)
    expect(body.sql.duckdb).toContain("event_date BETWEEN '2026-03-02' AND '2026-03-02'")
    await analytics.close()
  })

  it('refuses bad filter values with 400, a code and the field', async () => {
    const { app, analytics } = appOn(lakeRoot)
    for (const [query, field] of [
      ['from=2026-13-01&to=2026-03-02', 'from'],
      ['from=2026-03-02&to=yesterday', 'to'],
      ['from=2026-03-05&to=2026-03-02', 'to'],
      ['from=2025-01-01&to=2026-03-02', 'to'],
      ['from=2026-03-02&to=2026-03-02&bots=maybe', 'bots'],
      ['from=2026-03-02&to=2026-03-02&bucket=week', 'bucket'],
      ['from=2026-03-02&to=2026-03-02&country=DE&country=FR', 'country'],
      [`from=2026-03-02&to=2026-03-02&channel=${'x'.repeat(201)}`, 'channel'],
      ['from=2026-03-02&to=2026-03-02&device=a%0Ab', 'device'],
    ] as const) {
      const response = await app.request(`/api/analytics/visitors?${query}`)
      expect([query, response.status]).toEqual([query, 400])
      const { error } = (await response.json()) as Failure
      expect(error).toMatchObject({ code: 'invalid_option', field })
      expect(error.message).toContain(field)
    }
    const steps = Array.from({ length: 6 }, (_, i) => `step=s${i}`).join('&')
    const funnel = await app.request(`/api/analytics/funnel?from=${DAY}&to=${DAY}&${steps}`)
    expect(funnel.status).toBe(400)
    expect(((await funnel.json()) as Failure).error.field).toBe('steps')
    const unknown = await app.request('/api/analytics/everything')
    expect(unknown.status).toBe(404)
    expect(((await unknown.json()) as Failure).error).toMatchObject({
      code: 'unknown_panel',
      field: 'panel',
    })
    await analytics.close()
  })

  it('takes hostile values as literals: quotes, comments, semicolons, unicode', async () => {
    const { app, analytics } = appOn(lakeRoot)
    for (const hostile of ["DE' OR '1'='1", "x'; DROP TABLE events; --", '-- ;', 'Zürich 🛒 \\']) {
      const query = new URLSearchParams({ from: DAY, to: DAY, country: hostile, page: hostile })
      for (const panel of ['visitors', 'paths']) {
        const response = await app.request(`/api/analytics/${panel}?${query}`)
        expect([hostile, response.status]).toEqual([hostile, 200])
        const body = (await response.json()) as Answer
        const literal = `'${hostile.replaceAll("'", "''")}'`
        expect(body.sql.duckdb).toContain(`country = ${literal}`)
        expect(body.sql.athena).toContain(`country = ${literal}`)
        if (panel === 'visitors') expect(body.rows).toEqual([['0', '0', '0', '0', '0', '0']])
        else expect(body.rows).toEqual([])
      }
    }
    // The lake is still there and answers.
    const after = (await (
      await app.request(`/api/analytics/visitors?from=${DAY}&to=${DAY}`)
    ).json()) as Answer
    expect(Number(after.rows[0]?.[0])).toBeGreaterThan(0)
    await analytics.close()
  })

  it('answers each panel from the lake, as the DuckDB text shown says', async () => {
    const { app, analytics } = appOn(lakeRoot)
    const lake = await openLake({ lake: lakeRoot })
    try {
      for (const panel of ['visitors', 'top_pages', 'channels', 'funnel', 'paths']) {
        const body = (await (
          await app.request(`/api/analytics/${panel}?from=${DAY}&to=${DAY}`)
        ).json()) as Answer
        expect([panel, body.rows.length > 0]).toEqual([panel, true])
        expect(await lake.query(body.sql.duckdb)).toEqual({
          columns: body.columns,
          rows: body.rows,
        })
      }
    } finally {
      lake.close()
      await analytics.close()
    }
  })
})
