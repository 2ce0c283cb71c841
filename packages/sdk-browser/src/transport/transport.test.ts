import { testEvent } from '@clickstream/sdk-core/testing'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createBeaconTransport } from './beacon.js'
import { createFetchTransport } from './fetch.js'

const url = 'https://collector.test/v1/batch'

describe('createFetchTransport', () => {
  it('posts text/plain JSON with the write key in the body and no Authorization header', async () => {
    const fetch = vi.fn(async () => new Response('', { status: 200 }))
    const transport = createFetchTransport({ url, writeKey: 'wk_1', fetch })
    const e = testEvent()
    expect(await transport.send([e])).toEqual({ status: 200, retryAfter: null })
    const [target, init] = fetch.mock.calls[0] as unknown as [string, RequestInit]
    expect(target).toBe(url)
    expect(init.method).toBe('POST')
    expect(init.headers).toBeUndefined() // no Authorization; the body's type is the Content-Type
    const body = init.body as Blob
    expect(body.type).toBe('text/plain')
    expect(JSON.parse(await body.text())).toMatchObject({
      batch: [JSON.parse(e.json)],
      writeKey: 'wk_1',
    })
  })

  it('uses keepalive only for bodies within the 64 KB keepalive budget', async () => {
    const fetch = vi.fn(async () => new Response('', { status: 200 }))
    const transport = createFetchTransport({ url, writeKey: 'k', fetch })
    await transport.send([testEvent(30_000)])
    await transport.send([testEvent(30_000), testEvent(30_000), testEvent(30_000)])
    const keepalive = fetch.mock.calls.map(
      (call) => (call as unknown as [string, RequestInit])[1].keepalive,
    )
    expect(keepalive).toEqual([true, false])
  })

  it('passes Retry-After on, and turns a network error into status 0', async () => {
    const limited = createFetchTransport({
      url,
      writeKey: 'k',
      fetch: async () => new Response('', { status: 429, headers: { 'Retry-After': '12' } }),
    })
    expect(await limited.send([testEvent()])).toEqual({ status: 429, retryAfter: '12' })
    const error = new TypeError('Failed to fetch')
    const offline = createFetchTransport({
      url,
      writeKey: 'k',
      fetch: async () => {
        throw error
      },
    })
    expect(await offline.send([testEvent()])).toEqual({ status: 0, error })
  })

  it('hands an unloading send to sendBeacon, not fetch, and never reports it delivered', async () => {
    const beacon = vi.fn(() => true)
    vi.stubGlobal('navigator', { ...navigator, sendBeacon: beacon })
    const fetch = vi.fn(async () => new Response('', { status: 200 }))
    const e = testEvent()
    const transport = createFetchTransport({ url, writeKey: 'k', fetch })
    expect(await transport.send([e], { unloading: true })).toEqual({ status: 0 })
    expect(beacon).toHaveBeenCalledWith(url, expect.stringContaining(e.json))
    expect(fetch).not.toHaveBeenCalled()
    vi.unstubAllGlobals()
  })
})

describe('createBeaconTransport', () => {
  afterEach(() => {
    vi.unstubAllGlobals()
  })

  it('hands the batch to sendBeacon and never reports it delivered', async () => {
    const beacon = vi.fn(() => true)
    vi.stubGlobal('navigator', { ...navigator, sendBeacon: beacon })
    const e = testEvent()
    expect(await createBeaconTransport({ url, writeKey: 'k' }).send([e])).toEqual({ status: 0 })
    expect(beacon).toHaveBeenCalledWith(url, expect.stringContaining(e.json))
  })

  it('falls back to a keepalive fetch when the beacon is refused', async () => {
    vi.stubGlobal('navigator', { ...navigator, sendBeacon: () => false })
    const fetch = vi.fn(async () => new Response(''))
    vi.stubGlobal('fetch', fetch)
    await createBeaconTransport({ url, writeKey: 'k' }).send([testEvent()])
    expect(fetch).toHaveBeenCalledWith(url, expect.objectContaining({ keepalive: true }))
  })
})
