import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { deflateRawSync } from 'node:zlib'
import { defaultGeoDatabasePath } from '@clickstream/enrich'
import { afterAll, describe, expect, it } from 'vitest'
import { ContextError } from '../src/errors.js'
import { assetOf, environmentOf, removeSynthesized, type Synthesized, synth } from './synth.js'

const SESSIONIZER = 'TABLE_NAME'
const TRANSFORM = 'POWERTOOLS_SERVICE_NAME=lake-transform'
const COLLECTOR = 'KINESIS_STREAM'
/** Lambda's limit is 50 MB for a zip uploaded directly; the issue's budget for each asset. */
const ZIP_BUDGET_BYTES = 50 * 1000 * 1000

const dir = mkdtempSync(join(tmpdir(), 'clickstream-geo-'))
afterAll(removeSynthesized)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The files below `root`, as paths relative to it. */
const filesUnder = (root: string): string[] =>
  readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)))

/**
 * The asset's zip size, estimated as a zip stores it: each file deflated (level 6, as the CDK's
 * archiver does) plus a local header and a central-directory entry (30 + 46 bytes and the name
 * twice) and the end record.
 */
function zippedBytes(asset: string): number {
  let total = 22
  for (const file of filesUnder(asset)) {
    const data = readFileSync(join(asset, file))
    total += deflateRawSync(data, { level: 6 }).length + 76 + 2 * Buffer.byteLength(file)
  }
  return total
}

describe('the enriching Lambdas carry the geo database (defaults)', () => {
  const synthesized = synth()
  const bundled = readFileSync(defaultGeoDatabasePath())

  it.each([
    ['sessionizer', SESSIONIZER],
    ['lake transformation', TRANSFORM],
  ])('the %s: the bundled database in its asset, ENRICH_GEO_DATABASE pointing at it', (_, fn) => {
    const path = environmentOf(synthesized, fn).ENRICH_GEO_DATABASE as string
    expect(path).toBe('/var/task/geo/dbip-country.mmdb')
    const inAsset = join(assetOf(synthesized, fn), path.replace('/var/task/', ''))
    expect(readFileSync(inAsset).equals(bundled)).toBe(true)
    expect(environmentOf(synthesized, fn)).not.toHaveProperty('ENRICH_BOT_IP_RANGES')
  })

  it('leaves the collector without it (it does not enrich)', () => {
    expect(environmentOf(synthesized, COLLECTOR)).not.toHaveProperty('ENRICH_GEO_DATABASE')
    expect(existsSync(join(assetOf(synthesized, COLLECTOR), 'geo'))).toBe(false)
  })

  it('keeps each asset under 50 MB zipped', () => {
    const sizes = Object.fromEntries(
      [SESSIONIZER, TRANSFORM, COLLECTOR].map((fn) => [fn, zippedBytes(assetOf(synthesized, fn))]),
    )
    console.log(
      `asset sizes, zipped (estimate): ${Object.entries(sizes)
        .map(([fn, bytes]) => `${fn} ${(bytes / 1e6).toFixed(2)} MB`)
        .join(', ')}`,
    )
    for (const bytes of Object.values(sizes)) expect(bytes).toBeLessThan(ZIP_BUDGET_BYTES)
  })
})

describe('the enriching Lambdas carry the geo database (options)', () => {
  it('copies your own file (geoDatabase) and passes botIpRanges', () => {
    const own = join(dir, 'GeoLite2-City.mmdb')
    copyFileSync(defaultGeoDatabasePath(), own)
    const synthesized = synth({
      geoDatabase: own,
      botIpRanges: ['192.0.2.0/24', '2001:db8::/32'],
    })
    for (const fn of [SESSIONIZER, TRANSFORM]) {
      expect(environmentOf(synthesized, fn)).toMatchObject({
        ENRICH_GEO_DATABASE: '/var/task/geo/GeoLite2-City.mmdb',
        ENRICH_BOT_IP_RANGES: '192.0.2.0/24,2001:db8::/32',
      })
      expect(existsSync(join(assetOf(synthesized, fn), 'geo/GeoLite2-City.mmdb'))).toBe(true)
    }
  })

  it('carries no database with geoDatabase none', () => {
    const synthesized: Synthesized = synth({ geoDatabase: 'none' })
    for (const fn of [SESSIONIZER, TRANSFORM]) {
      expect(environmentOf(synthesized, fn).ENRICH_GEO_DATABASE).toBe('none')
      expect(existsSync(join(assetOf(synthesized, fn), 'geo'))).toBe(false)
    }
  })

  it.each([
    ['a missing file', () => join(dir, 'missing.mmdb')],
    ['a directory', () => dir],
    [
      'a corrupt file',
      () => {
        const corrupt = join(dir, 'corrupt.mmdb')
        writeFileSync(corrupt, 'not a MaxMind database\n'.repeat(100))
        return corrupt
      },
    ],
  ])('refuses %s at synth, naming geoDatabase and the path', (_, path) => {
    const file = path()
    const bad = () => synth({ geoDatabase: file })
    expect(bad).toThrow(ContextError)
    expect(bad).toThrow(/^invalid context: geoDatabase: /)
    expect(bad).toThrow(file)
  })
})
