import { afterEach, describe, expect, it } from 'vitest'
import type { Sink, SinkRecord } from './sink.js'

export interface SinkUnderTest {
  sink: Sink
  /** Every record the stream holds now, in order per partition key. */
  read(): Promise<SinkRecord[]>
  cleanup?(): Promise<void>
}

const text = (record: SinkRecord) => new TextDecoder().decode(record.data)
const record = (partitionKey: string, body: string): SinkRecord => ({
  partitionKey,
  data: new TextEncoder().encode(body),
})

/** The behaviour every `Sink` adapter must have. Each adapter's test calls this. */
export function testSink(name: string, create: () => Promise<SinkUnderTest>): void {
  describe(`Sink contract: ${name}`, () => {
    let current: SinkUnderTest | undefined
    const open = async () => {
      current = await create()
      return current
    }
    afterEach(async () => {
      await current?.cleanup?.()
      current = undefined
    })

    it('is ready', async () => {
      const { sink } = await open()
      expect(await sink.ready()).toBe(true)
    })

    it('resolves ok only with every record written, in order per key', async () => {
      const { sink, read } = await open()
      const result = await sink.put([record('a', 'a1'), record('b', 'b1'), record('a', 'a2')])
      expect(result).toEqual({ ok: true })
      const written = await read()
      expect(written.filter((r) => r.partitionKey === 'a').map(text)).toEqual(['a1', 'a2'])
      expect(written.filter((r) => r.partitionKey === 'b').map(text)).toEqual(['b1'])
    })

    it('takes an empty put', async () => {
      const { sink } = await open()
      expect(await sink.put([])).toEqual({ ok: true })
    })

    it('writes every record of concurrent puts', async () => {
      const { sink, read } = await open()
      const puts = Array.from({ length: 20 }, (_, i) =>
        sink.put([record(`k${i % 3}`, `r${i}-1`), record(`k${i % 3}`, `r${i}-2`)]),
      )
      expect(await Promise.all(puts)).toEqual(puts.map(() => ({ ok: true })))
      const bodies = (await read()).map(text).sort()
      expect(bodies).toHaveLength(40)
      expect(new Set(bodies).size).toBe(40)
    })

    it('refuses puts once closed, after finishing what was in flight', async () => {
      const { sink, read } = await open()
      const inFlight = sink.put([record('a', 'last')])
      await sink.close()
      expect(await inFlight).toEqual({ ok: true })
      expect((await read()).map(text)).toContain('last')
      expect(await sink.put([record('a', 'late')])).toMatchObject({ ok: false, reason: 'closed' })
    })
  })
}
