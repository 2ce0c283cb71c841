import { describe, expect, it } from 'vitest'
import { createJsonLogger } from '../logger.js'
import { createLogSink } from './log.js'
import { testSink } from './sink.contract.js'
import type { SinkRecord } from './sink.js'

/** A log sink over a logger whose lines are kept, and the records read back from those lines. */
function loggedSink() {
  const lines: string[] = []
  const sink = createLogSink(createJsonLogger({ write: (line) => lines.push(line) }))
  const read = async (): Promise<SinkRecord[]> =>
    lines.map((line) => {
      const { partitionKey, record } = JSON.parse(line) as { partitionKey: string; record: unknown }
      const text = typeof record === 'string' ? record : JSON.stringify(record)
      return { partitionKey, data: new TextEncoder().encode(text) }
    })
  return { sink, lines, read }
}

testSink('log', async () => loggedSink())

describe('log sink', () => {
  it('writes each record as one warn line with its decoded JSON', async () => {
    const { sink, lines } = loggedSink()
    const data = new TextEncoder().encode(JSON.stringify({ v: 1, index: 3 }))
    expect(await sink.put([{ partitionKey: 'web', data }])).toEqual({ ok: true })
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'warn', partitionKey: 'web', record: { v: 1, index: 3 } }),
    ])
  })
})
