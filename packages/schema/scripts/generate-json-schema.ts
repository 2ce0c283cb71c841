/** Writes json-schema/*.json from the zod schemas. Run: pnpm --filter @clickstream/schema generate */
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { formatJsonSchema, jsonSchemas } from '../src/json-schema.js'

const dir = join(import.meta.dirname, '../json-schema')
mkdirSync(dir, { recursive: true })
for (const [name, doc] of Object.entries(jsonSchemas())) {
  writeFileSync(join(dir, `${name}.json`), formatJsonSchema(doc))
  console.log(`wrote json-schema/${name}.json`)
}
