import { describe, expect, it } from 'vitest'
import { embed, numberIn, rowCells } from './spawn-bench.js'

const results = `# Collector benchmark

## Throughput

| scenario | events/s | of bare ceiling |
| ------------------ | -------- | --------------- |
| bare Hono (parse JSON only) | 30854 / 50670 / 59980 | 100 % |
| collector, memory sink | 8,466 / 10,354 / 12,128 | 20 % |
`

describe('reading a package RESULTS.md', () => {
  it('finds a row by its first cell and reads numbers with separators, percent and ×', () => {
    expect(rowCells(results, 'collector, memory sink')?.[2]).toBe('20 %')
    expect(numberIn('8,466 / 10,354')).toBe(8466)
    expect(numberIn('0.16×')).toBe(0.16)
    expect(numberIn('21.19× fewer')).toBe(21.19)
    expect(numberIn(undefined)).toBeNaN()
    expect(rowCells(results, 'nope')).toBeUndefined()
  })

  it('embeds under our heading: drops the title, demotes sub-headings', () => {
    const text = embed(results)
    expect(text).not.toContain('# Collector benchmark')
    expect(text).toContain('### Throughput')
  })
})
