import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LAKE_COLUMNS, LAKE_EARLIEST_DATE, lakeEventDate } from './lake-row.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('LAKE_COLUMNS', () => {
  it('names each column once, in snake_case (Glue and Athena fold case)', () => {
    const names = LAKE_COLUMNS.map((c) => c.name)
    expect(new Set(names).size).toBe(names.length)
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/)
  })

  it('is the table the README documents, column by column', () => {
    const section = readme.slice(readme.indexOf('## Event lake row'))
    const rows = [
      ...section.matchAll(/^\| `([a-z_]+)` +\| ([a-z]+)( \(never null\))? +\| (.+?) +\|$/gm),
    ]
    expect(
      rows.map(([, name, type, never, description]) => [name, type, !!never, description]),
    ).toEqual(LAKE_COLUMNS.map((c) => [c.name, c.type, c.required, c.description]))
  })
})

describe('lakeEventDate', () => {
  it('is the UTC date of the instant', () => {
    expect(lakeEventDate(Date.parse('2026-01-30T23:59:59.999Z'))).toBe('2026-01-30')
    expect(lakeEventDate(Date.parse('2026-01-31T01:30:00.000+02:00'))).toBe('2026-01-30')
    expect(lakeEventDate(Date.parse('2026-01-31T00:00:00.000Z'))).toBe('2026-01-31')
  })

  it('files events dated before 1970 under the earliest partition', () => {
    expect(lakeEventDate(Date.parse('1969-12-31T23:59:59.999Z'))).toBe(LAKE_EARLIEST_DATE)
    expect(lakeEventDate(Date.parse('0000-01-01T00:00:00.000Z'))).toBe(LAKE_EARLIEST_DATE)
  })
})
