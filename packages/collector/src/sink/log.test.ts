import { describe, expect, it } from 'vitest'
import { createJsonLogger } from '../logger.js'
import { createLogSink } from './log.js'

describe('log sink', () => {
  it('writes each record as one warn line with its decoded JSON', async () => {
    const lines: string[] = []
    const sink = createLogSink(createJsonLogger({ write: (line) => lines.push(line) }))
    const data = new TextEncoder().encode(JSON.stringify({ v: 1, index: 3 }))
    expect(await sink.put([{ partitionKey: 'web', data }])).toEqual({ ok: true })
    expect(lines.map((l) => JSON.parse(l))).toEqual([
      expect.objectContaining({ level: 'warn', partitionKey: 'web', record: { v: 1, index: 3 } }),
    ])
  })
})
