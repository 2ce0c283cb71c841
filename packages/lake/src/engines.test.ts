import { LAKE_COLUMNS } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { duckdbColumns, glueColumns } from './engines.js'

describe('the engines’ columns come from LAKE_COLUMNS', () => {
  it('Glue: one column each, in order, typed string or timestamp, commented', () => {
    const columns = glueColumns()
    expect(columns.map((c) => c.Name)).toEqual(LAKE_COLUMNS.map((c) => c.name))
    const typeOf = Object.fromEntries(columns.map((c) => [c.Name, c.Type]))
    expect(typeOf).toMatchObject({ timestamp: 'timestamp', received_at: 'timestamp' })
    expect(typeOf).toMatchObject({ message_id: 'string', properties: 'string', context: 'string' })
    for (const c of columns) expect(c.Comment.length).toBeGreaterThan(0)
    for (const c of columns) expect(c.Comment.length).toBeLessThanOrEqual(255)
  })

  it('DuckDB: the same names and order, timestamps in milliseconds, JSON as JSON', () => {
    const list = duckdbColumns().split(', ')
    expect(list).toHaveLength(LAKE_COLUMNS.length)
    expect(list.map((c) => c.split(' ')[0])).toEqual(LAKE_COLUMNS.map((c) => `"${c.name}"`))
    expect(list).toContain('"timestamp" TIMESTAMP_MS')
    expect(list).toContain('"properties" JSON')
    expect(list).toContain('"page_url" VARCHAR')
  })
})
