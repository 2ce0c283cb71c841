import { existsSync, readFileSync } from 'node:fs'
import { createMemoryTransport } from '@clickstream/sdk-core'
import { describe, expect, it } from 'vitest'
import { createClient } from './client.js'
import { ConfigError } from './errors.js'
import type { DropEvent, FlushEvent } from './events.js'
import { resolveAnalyticsOptions } from './options.js'
import type { Runtime } from './runtime.js'
import { LIBRARY } from './version.js'

/** What an entry provides, without gzip, node:http or warnings. */
const runtime: Runtime = { compress: undefined, maxQueueBytes: 16_000_000, warn: () => {} }
const client = (options: Parameters<typeof createClient>[0]) => createClient(options, runtime)
const microtasks = () => new Promise((resolve) => setImmediate(resolve))

describe('options', () => {
  it('requires a write key and a URL host', () => {
    expect(() => client({} as never)).toThrow(ConfigError)
    expect(() => client({ writeKey: 'k', host: 'not a url' })).toThrow(/not a URL/)
  })

  it('resolves Segment-like defaults, keeps a host path prefix and clamps', () => {
    const o = resolveAnalyticsOptions(
      { writeKey: 'k', host: 'https://c.example.com/collect/' },
      runtime,
    )
    expect(o).toMatchObject({
      url: 'https://c.example.com/collect/v1/batch',
      maxEventsInBatch: 15,
      flushInterval: 10_000,
      maxRequestBytes: 500 * 1024,
      compressAbove: 8192,
      maxRetries: 10,
      maxQueueEvents: Number.POSITIVE_INFINITY,
      maxQueueBytes: 16_000_000,
      overflow: 'reject-new',
      closeTimeout: 10_000,
    })
    const clamped = resolveAnalyticsOptions(
      { writeKey: 'k', maxEventsInBatch: 1e9, maxRequestBytes: 1e9, compressAbove: false },
      runtime,
    )
    expect(clamped).toMatchObject({ maxEventsInBatch: 2500, maxRequestBytes: 500 * 1024 })
    expect(clamped.compressAbove).toBe(Number.POSITIVE_INFINITY)
  })

  it('keeps LIBRARY.version equal to package.json', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
    expect(LIBRARY).toEqual({ name: pkg.name, version: pkg.version })
  })
})

describe('delivery events and callbacks', () => {
  it('emits flush per delivered batch and calls each callback without an error', async () => {
    const transport = createMemoryTransport()
    const analytics = client({ writeKey: 'k', transport, maxEventsInBatch: 2 })
    const flushes: FlushEvent[] = []
    const done: (Error | undefined)[] = []
    analytics.on('flush', (e) => flushes.push(e))
    analytics.on('flush', () => {
      throw new Error('a host listener bug')
    })
    const ids = [1, 2, 3].map((i) =>
      analytics.track({ userId: 'u', event: `e${i}` }, (e) => done.push(e)),
    )
    await analytics.flush()
    expect(flushes).toEqual([
      { count: 2, messageIds: ids.slice(0, 2) },
      { count: 1, messageIds: ids.slice(2) },
    ])
    expect(done).toEqual([undefined, undefined, undefined])
    expect(transport.delivered().map((m) => m.messageId)).toEqual(ids)
    expect(analytics.stats()).toMatchObject({ queued: 0, delivered: 3, retries: 0 })
  })

  it('reject-new (default): refuses the new event with a drop, a counter and its callback', async () => {
    const analytics = client({
      writeKey: 'k',
      transport: createMemoryTransport(),
      maxQueueEvents: 2,
    })
    const drops: DropEvent[] = []
    analytics.on('drop', (d) => drops.push(d))
    let refused: Error | undefined
    const [a, b] = [
      analytics.track({ userId: 'u', event: 'a' }),
      analytics.track({ userId: 'u', event: 'b' }),
    ]
    const c = analytics.track({ userId: 'u', event: 'c' }, (e) => {
      refused = e
    })
    await microtasks()
    expect(drops).toEqual([{ messageId: c, kind: 'queue-full', reason: 'queue full' }])
    expect(refused?.message).toMatch(/queue full/)
    expect(analytics.stats()).toMatchObject({ queued: 2, dropped: { 'queue-full': 1 } })
    await analytics.flush()
    expect(analytics.stats().delivered).toBe(2)
    expect([a, b]).toHaveLength(2)
  })

  it('drop-oldest: evicts the oldest instead, reported the same way', async () => {
    const transport = createMemoryTransport()
    const analytics = client({
      writeKey: 'k',
      transport,
      maxQueueEvents: 2,
      overflow: 'drop-oldest',
    })
    const drops: DropEvent[] = []
    analytics.on('drop', (d) => drops.push(d))
    const ids = ['a', 'b', 'c'].map((event) => analytics.track({ userId: 'u', event }))
    await microtasks()
    expect(drops.map((d) => [d.messageId, d.kind])).toEqual([[ids[0], 'queue-full']])
    await analytics.flush()
    expect(transport.delivered().map((m) => m.messageId)).toEqual(ids.slice(1))
  })

  it('bounds the queue by bytes too', async () => {
    const analytics = client({
      writeKey: 'k',
      transport: createMemoryTransport(),
      maxQueueBytes: 40_000,
    })
    const big = { pad: 'x'.repeat(15_000) }
    for (let i = 0; i < 4; i++) analytics.track({ userId: 'u', event: 'big', properties: big })
    await microtasks()
    expect(analytics.stats()).toMatchObject({ queued: 2, dropped: { 'queue-full': 2 } })
  })

  it('accepts Segment’s context.consent and rejects a malformed one, naming the field', async () => {
    const transport = createMemoryTransport()
    const analytics = client({ writeKey: 'k', transport })
    const consent = { categoryPreferences: { Advertising: false, Analytics: true } }
    analytics.track({ userId: 'u', event: 'x', context: { consent } })
    expect(() =>
      analytics.track({
        userId: 'u',
        event: 'y',
        context: { consent: { categoryPreferences: { Ads: 'no' } } },
      }),
    ).toThrow('track: context.consent.categoryPreferences.Ads must be a boolean, got string')
    await analytics.closeAndFlush()
    expect(transport.delivered()).toMatchObject([{ event: 'x', context: { consent } }])
  })

  it('disable: validates and acknowledges calls but sends nothing', async () => {
    const transport = createMemoryTransport()
    const analytics = client({ writeKey: 'k', transport, disable: true })
    let acked = false
    analytics.track({ userId: 'u', event: 'x' }, (e) => {
      acked = e === undefined
    })
    expect(() => analytics.track({ event: 'x' } as never)).toThrow(/userId or anonymousId/)
    await analytics.closeAndFlush()
    expect(acked).toBe(true)
    expect(transport.sends).toHaveLength(0)
  })
})

describe('Segment parity', () => {
  it('copies a page category into its properties, as analytics-node does', async () => {
    const transport = createMemoryTransport()
    const analytics = client({ writeKey: 'k', transport })
    analytics.page({
      userId: 'u',
      name: 'Install',
      category: 'Docs',
      properties: { category: 'x', p: 1 },
    })
    analytics.screen({ userId: 'u', name: 'Home', category: 'Main' })
    expect(() =>
      analytics.page({ userId: 'u', category: 'Docs', properties: 'nope' as never }),
    ).toThrow(/properties must be an object/)
    await analytics.flush()
    const [page, screen] = transport.delivered()
    expect(page).toMatchObject({ category: 'Docs', properties: { category: 'Docs', p: 1 } })
    expect(screen).toMatchObject({ category: 'Main', properties: {} })
  })
})

describe('edge path', () => {
  /** A workspace import's source file, found as Node finds the package: in the nearest node_modules up from the importer. */
  const workspaceSource = (spec: string, from: URL): URL => {
    const [scope, name, ...rest] = spec.split('/')
    let dir = new URL(`./node_modules/${scope}/${name}/`, from)
    while (!existsSync(new URL('package.json', dir))) {
      const up = new URL(`../../../../node_modules/${scope}/${name}/`, dir)
      if (up.href === dir.href) throw new Error(`${spec} is not installed`)
      dir = up
    }
    const { exports } = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
      exports: Record<string, { '@clickstream/source': string }>
    }
    const entry = exports[rest.length > 0 ? `./${rest.join('/')}` : '.']
    if (!entry) throw new Error(`${spec} is not exported`)
    return new URL(entry['@clickstream/source'], dir)
  }
  /** Every module the edge entry loads, following relative and workspace imports (not type-only ones). */
  const graph = (file: URL, seen = new Set<string>()): Set<string> => {
    if (seen.has(file.href)) return seen
    seen.add(file.href)
    const source = readFileSync(file, 'utf8')
    for (const [, kind, spec] of source.matchAll(
      /^(?:import|export)(\s+type)?[^'"]*from\s+'([^']+)'/gm,
    )) {
      if (kind || !spec) continue
      if (spec.startsWith('node:')) seen.add(spec)
      else if (spec.startsWith('.')) graph(new URL(spec.replace(/\.js$/, '.ts'), file), seen)
      else if (spec.startsWith('@clickstream/')) graph(workspaceSource(spec, file), seen)
      else seen.add(spec)
    }
    return seen
  }

  it('imports no Node-only module (the node entry does: node:zlib)', () => {
    const edge = [...graph(new URL('./entrypoints/edge.ts', import.meta.url))]
    expect(edge.filter((m) => !m.startsWith('file:'))).toEqual([])
    expect(edge.length).toBeGreaterThan(10)
    const node = [...graph(new URL('./entrypoints/node.ts', import.meta.url))]
    expect(node).toContain('node:zlib')
  })
})
