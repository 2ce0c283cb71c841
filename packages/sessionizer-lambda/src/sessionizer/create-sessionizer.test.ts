import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultGeoDatabasePath, EnrichConfigError } from '@clickstream/enrich'
import { describe, expect, it } from 'vitest'
import { parseEnv } from '../entrypoints/config.js'
import { ConfigError } from '../errors.js'
import { createSessionizer } from './create-sessionizer.js'

describe('createSessionizer’s enrichment settings', () => {
  // The geo database is opened by part B's mmdb reader; until it lands, nothing is opened.
  it.skipIf(defaultGeoDatabasePath() === '')(
    'refuses a missing or corrupt geo database at start-up, naming the variable and the path',
    () => {
      const corrupt = join(mkdtempSync(join(tmpdir(), 'geo-')), 'corrupt.mmdb')
      writeFileSync(corrupt, 'not a database')
      for (const path of [corrupt, join(tmpdir(), 'no-such-dir', 'GeoLite2-City.mmdb')]) {
        const build = () =>
          createSessionizer(parseEnv({ TABLE_NAME: 't', ENRICH_GEO_DATABASE: path }))
        expect(build).toThrow(EnrichConfigError)
        expect(build).toThrow(/ENRICH_GEO_DATABASE/)
        expect(build).toThrow(path)
      }
    },
  )
})

describe('createSessionizer’s table dead letter', () => {
  it('is built with the configured shards and concurrency (a bad one is a ConfigError naming it)', () => {
    const build = (deadLetter: object) =>
      createSessionizer({
        ...parseEnv({ TABLE_NAME: 't' }),
        deadLetter: { kind: 'table', tableName: 't', ...deadLetter },
      }).close()
    expect(() => build({ shards: 64, concurrency: 16 })).not.toThrow()
    expect(() => build({ shards: 0 })).toThrow(ConfigError)
    expect(() => build({ concurrency: 100 })).toThrow(
      /concurrency: must be an integer from 1 to 64/,
    )
  })
})
