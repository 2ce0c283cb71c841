import { describe, expect, it } from 'vitest'
import { createClientBuffer, sseFrame } from './client-buffer.js'

const frame = (bytes: number) => ({ text: 'x'.repeat(bytes), bytes })

describe('createClientBuffer', () => {
  it('refuses a frame that would put it past the bound, counting the frame being written', async () => {
    const buffer = createClientBuffer(100)
    expect(buffer.offer(frame(60))).toBe(true)
    expect(buffer.offer(frame(40))).toBe(true)
    expect(buffer.offer(frame(1))).toBe(false)
    expect((await buffer.take())?.bytes).toBe(60) // being written: still counted
    expect(buffer.offer(frame(1))).toBe(false)
    expect((await buffer.take())?.bytes).toBe(40) // the 60 went out
    expect(buffer.bufferedBytes()).toBe(40)
    expect(buffer.offer(frame(60))).toBe(true)
  })

  it('keeps only the latest snapshot, outside the bound, sent first', async () => {
    const buffer = createClientBuffer(10)
    expect(buffer.offer(frame(10))).toBe(true)
    for (let i = 0; i < 1000; i++) buffer.snapshot(sseFrame('stats', String(i)))
    expect(buffer.bufferedBytes()).toBe(10)
    expect((await buffer.take())?.text).toBe('event: stats\ndata: 999\n\n')
    expect((await buffer.take())?.bytes).toBe(10)
  })

  it('wakes a waiting take with the next frame, and with undefined once closed', async () => {
    const buffer = createClientBuffer(100)
    const next = buffer.take()
    buffer.offer(frame(5))
    expect((await next)?.bytes).toBe(5)
    const last = buffer.take()
    buffer.close()
    expect(await last).toBeUndefined()
    expect(buffer.offer(frame(1))).toBe(false)
  })

  it('formats a frame as server-sent events, with its UTF-8 length', () => {
    expect(sseFrame('entry', '{"a":"é"}', 7)).toEqual({
      text: 'event: entry\ndata: {"a":"é"}\nid: 7\n\n',
      bytes: 37, // 36 characters, é is two bytes
    })
  })
})
