import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createMemoryTransport } from '@clickstream/sdk-core'
import { afterEach, describe, expect, it } from 'vitest'
import type { Analytics, CallResult } from '../analytics.js'
import { install } from '../entrypoints/install.js'

const here = dirname(fileURLToPath(import.meta.url))
const snippet = readFileSync(join(here, 'snippet.min.js'), 'utf8')
type Win = Window & { analytics?: unknown }

// happy-dom does not load scripts; the test installs the SDK itself, as clickstream.min.js would.
const happyDOM = (window as unknown as { happyDOM?: { settings: Record<string, unknown> } })
  .happyDOM
if (happyDOM) happyDOM.settings.handleDisabledFileLoadingAsSuccess = true

/** Runs the documented snippet with a harmless script URL, as a page would. */
function runSnippet(src = 'data:text/javascript,') {
  new Function(snippet.replace('https://cdn.example.com/clickstream.min.js', src))()
}

describe('the snippet', () => {
  afterEach(() => {
    ;((window as Win).analytics as Analytics | undefined)?.close?.()
    delete (window as Win).analytics
    for (const s of document.head.querySelectorAll('script')) s.remove()
    localStorage.clear()
  })

  it('is a few hundred bytes', () => {
    expect(snippet.length).toBeLessThan(600)
  })

  it('queues calls made before the SDK loads and replays them in order once it does', async () => {
    runSnippet()
    const transport = createMemoryTransport()
    const stub = (window as Win).analytics as unknown as Analytics & {
      load(k: string, o: object): void
    }
    expect(Array.isArray(stub)).toBe(true)
    const early = [
      stub.page(),
      stub.track('Clicked', { n: 1 }),
      stub.identify('u1', { plan: 'pro' }),
    ]
    stub.load('wk_snippet', { transport, storage: 'memory' })
    const late = stub.track('Before script ran')
    expect(document.head.querySelector('script')?.getAttribute('src')).toBe('data:text/javascript,')

    const analytics = install(window) as unknown as Analytics // what clickstream.min.js does
    expect(analytics).toBe((window as Win).analytics)
    const results = (await Promise.all([...early, late])) as CallResult[]
    expect(results.every((r) => r.ok)).toBe(true)
    await analytics.track('After load')
    await analytics.flush()
    expect(transport.delivered().map((m) => m.event ?? m.type)).toEqual([
      'page',
      'Clicked',
      'identify',
      'Before script ran',
      'After load',
    ])
    expect(transport.delivered()[2]).toMatchObject({ userId: 'u1', traits: { plan: 'pro' } })
  })

  it('leaves an installed SDK alone, and the SDK works without the snippet', async () => {
    const transport = createMemoryTransport()
    const api = install(window) as unknown as Analytics & { load(k: string, o: object): void }
    const before = api.track('queued before load')
    api.load('wk', { transport, storage: 'memory' })
    runSnippet()
    expect((window as Win).analytics).toBe(api)
    expect(await before).toMatchObject({ ok: true })
    await api.flush()
    expect(transport.delivered().map((m) => m.event)).toEqual(['queued before load'])
  })
})
