import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatJsonSchema, jsonSchemas } from './json-schema.js'

const dir = join(import.meta.dirname, '../json-schema')

describe('checked-in JSON Schema documents', () => {
  const docs = jsonSchemas()

  it.each(Object.keys(docs))(
    'json-schema/%s.json matches the zod schema (run `pnpm --filter @clickstream/schema generate`)',
    (name) => {
      const onDisk = readFileSync(join(dir, `${name}.json`), 'utf8')
      expect(onDisk).toBe(formatJsonSchema(docs[name] as object))
    },
  )

  it('has no stale documents', () => {
    const files = readdirSync(dir).map((f) => f.replace(/\.json$/, ''))
    expect(files.sort()).toEqual(Object.keys(docs).sort())
  })

  it('describes the six message types with their required fields', () => {
    const message = docs.message as {
      oneOf: { properties: { type: { const: string } }; required: string[] }[]
    }
    const required = Object.fromEntries(
      message.oneOf.map((v) => [v.properties.type.const, v.required]),
    )
    expect(required).toEqual({
      track: ['type', 'event'],
      page: ['type'],
      screen: ['type'],
      identify: ['type'],
      group: ['type', 'groupId'],
      alias: ['userId', 'type', 'previousId'],
    })
  })
})
