import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { LAKE_COLUMNS } from './lake-row.js'

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
