import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { OTHER_KEY, testCollector, WRITE_KEY } from '../test/helpers.js'
import { createCollectorFromConfig } from './config/collector.js'
import { loadConfig } from './config/env.js'
import { createEdgeApp } from './entrypoints/edge.js'
import { chooseEncoding } from './http/segment-script.js'
import { compressSegmentScript, segmentScriptFromFile } from './http/segment-script-file.js'
import { silentLogger } from './logger.js'

const ORIGIN = 'https://shop.example.com'
const SCRIPT = `!function(){window.loaded=${'"clickstream";'.repeat(200)}}();`
const dir = mkdtempSync(join(tmpdir(), 'segment-script-'))
const file = join(dir, 'analytics.min.js')
writeFileSync(file, SCRIPT)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

let reads = 0
const source = () => {
  reads++
  return segmentScriptFromFile(file)()
}
const app = testCollector({ segmentScript: source }).app
const get = (path: string, headers: Record<string, string> = {}) =>
  app.request(`http://collect.test${path}`, { headers })
const snippetPath = `/analytics.js/v1/${WRITE_KEY}/analytics.min.js`
const bytes = async (res: Response) => new Uint8Array(await res.arrayBuffer())

describe('GET /analytics.js/v1/<writeKey>/analytics.min.js (Segment snippet) and /sdk/v<hash>/…', () => {
  it('serves the script as text/javascript, short-lived, with its versioned path', async () => {
    const res = await get(snippetPath)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe(
      'public, max-age=300, stale-while-revalidate=3600',
    )
    expect(res.headers.get('vary')).toContain('Accept-Encoding')
    expect(res.headers.get('content-encoding')).toBeNull()
    expect(await res.text()).toBe(SCRIPT)
    const versioned = res.headers.get('content-location') ?? ''
    expect(versioned).toMatch(/^\/sdk\/v[0-9a-f]{16}\/analytics\.min\.js$/)
    const immutable = await get(versioned)
    expect(immutable.status).toBe(200)
    expect(immutable.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(immutable.headers.get('etag')).toBe(res.headers.get('etag'))
    expect(await immutable.text()).toBe(SCRIPT)
  })

  it('answers brotli or gzip by Accept-Encoding, each with its own strong ETag', async () => {
    const br = await get(snippetPath, { 'accept-encoding': 'gzip, deflate, br' })
    expect(br.headers.get('content-encoding')).toBe('br')
    expect(new TextDecoder().decode(brotliDecompressSync(await bytes(br)))).toBe(SCRIPT)
    const gzip = await get(snippetPath, { 'accept-encoding': 'gzip' })
    expect(gzip.headers.get('content-encoding')).toBe('gzip')
    expect(new TextDecoder().decode(gunzipSync(await bytes(gzip)))).toBe(SCRIPT)
    const plain = await get(snippetPath, { 'accept-encoding': 'br;q=0, gzip;q=0' })
    expect(plain.headers.get('content-encoding')).toBeNull()
    const tags = [br, gzip, plain].map((r) => r.headers.get('etag'))
    expect(new Set(tags).size).toBe(3)
    for (const tag of tags) expect(tag).toMatch(/^"[0-9a-f]{16}(-br|-gzip)?"$/)
  })

  it('304s a revalidation with the ETag of the encoding asked for; compresses once', async () => {
    const first = await get(snippetPath, { 'accept-encoding': 'br' })
    const tag = first.headers.get('etag') as string
    const again = await get(snippetPath, { 'accept-encoding': 'br', 'if-none-match': tag })
    expect(again.status).toBe(304)
    expect(again.headers.get('etag')).toBe(tag)
    expect(again.headers.get('cache-control')).toContain('max-age=300')
    expect(await again.text()).toBe('')
    // Another encoding's tag is another representation: the full answer.
    const other = await get(snippetPath, { 'accept-encoding': 'gzip', 'if-none-match': tag })
    expect(other.status).toBe(200)
    expect(reads).toBe(1)
  })

  it('an unknown key or version is a 404 with the error JSON; a refused origin a 403', async () => {
    const unknown = await get('/analytics.js/v1/no-such-key/analytics.min.js')
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } })
    const version = await get('/sdk/v0123456789abcdef/analytics.min.js')
    expect(version.status).toBe(404)
    expect(await version.json()).toMatchObject({ error: { code: 'not_found' } })
    const refused = await get(`/analytics.js/v1/${OTHER_KEY}/analytics.min.js`, { origin: ORIGIN })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ error: { code: 'origin_not_allowed' } })
    const allowed = await get(snippetPath, { origin: ORIGIN })
    expect(allowed.status).toBe(200)
  })

  it('without segmentScript the route does not exist; a failing source is a 503, asked again', async () => {
    const none = await testCollector().app.request(`http://collect.test${snippetPath}`)
    expect(none.status).toBe(404)
    let calls = 0
    const flaky = testCollector({
      segmentScript: () => {
        if (++calls === 1) throw new Error('disk gone')
        return compressSegmentScript(new TextEncoder().encode(SCRIPT))
      },
    }).app
    const failed = await flaky.request(`http://collect.test${snippetPath}`)
    expect(failed.status).toBe(503)
    expect(failed.headers.get('retry-after')).toBe('5')
    expect(await failed.json()).toMatchObject({ error: { code: 'script_unavailable' } })
    expect((await flaky.request(`http://collect.test${snippetPath}`)).status).toBe(200)
  })

  it('SEGMENT_SCRIPT_FILE serves the file on Node and Lambda; a missing one is a start-up error', async () => {
    const config = loadConfig({
      SOURCES: `{"${WRITE_KEY}":{"id":"web"}}`,
      SEGMENT_SCRIPT_FILE: file,
    })
    const { app: fromConfig } = createCollectorFromConfig(config, silentLogger, {
      connectionIp: () => undefined,
      readBody: async () => '',
    })
    expect(await (await fromConfig.request(`http://c.test${snippetPath}`)).text()).toBe(SCRIPT)
    const missing = loadConfig({ SEGMENT_SCRIPT_FILE: join(dir, 'nope.js') })
    expect(() =>
      createCollectorFromConfig(missing, silentLogger, {
        connectionIp: () => undefined,
        readBody: async () => '',
      }),
    ).toThrow(/SEGMENT_SCRIPT_FILE: no such file/)
    expect(() => createEdgeApp({ SEGMENT_SCRIPT_FILE: file })).toThrow(
      /SEGMENT_SCRIPT_FILE needs a file system/,
    )
  })

  it('chooses the encoding by q-values, the best first', () => {
    const all = ['br', 'gzip', 'identity'] as const
    expect(chooseEncoding(undefined, all)).toBe('identity')
    expect(chooseEncoding('gzip, br', all)).toBe('br')
    expect(chooseEncoding('br;q=0, *', all)).toBe('gzip')
    expect(chooseEncoding('BR; q=0.5', all)).toBe('br')
    expect(chooseEncoding('br', ['gzip', 'identity'])).toBe('identity')
  })
})
