import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type LoopbackCollector, startCollector, WRITE_KEY } from './collector.js'

const root = fileURLToPath(new URL('..', import.meta.url))
let collector: LoopbackCollector

beforeAll(async () => {
  execFileSync(`${root}/node_modules/.bin/tsup`, [], { cwd: root, stdio: 'ignore' }) // tsup.config.ts
  collector = await startCollector()
})
afterAll(() => collector?.close())

describe('the built package (dist)', () => {
  it('ESM node entry and CJS edge entry deliver gzip batches, with sdk-core bundled in', async () => {
    const esm = await import(`${root}/dist/node.js`)
    const cjs = createRequire(import.meta.url)(`${root}/dist/edge.cjs`)
    for (const [name, mod] of [
      ['esm node', esm],
      ['cjs edge', cjs],
    ] as const) {
      const analytics = new mod.Analytics({
        writeKey: WRITE_KEY,
        host: collector.url,
        compressAbove: 10,
      })
      analytics.track({ userId: 'dist', event: name })
      expect(await analytics.closeAndFlush()).toEqual({ flushed: true, pending: 0 })
    }
    expect(collector.messages().map((m) => m.event)).toEqual(['esm node', 'cjs edge'])
    expect(collector.requests.map((r) => r.contentEncoding)).toEqual(['gzip', 'gzip'])
    for (const file of ['dist/node.js', 'dist/edge.js', 'dist/edge.cjs']) {
      expect(readFileSync(`${root}/${file}`, 'utf8')).not.toMatch(
        /from ['"]@clickstream\/|require\(['"]@clickstream\//,
      )
    }
    expect(readFileSync(`${root}/dist/edge.cjs`, 'utf8')).not.toMatch(/node:zlib/)
  })
})
