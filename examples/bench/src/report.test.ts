import { describe, expect, it } from 'vitest'
import { existingSections, renderReport, type Section } from './report.js'

const order = [
  { id: 'size', title: 'Bundle size' },
  { id: 'collector', title: 'Collector' },
]
const machine = { cpu: 'Test CPU', cores: 2, node: 'v20.0.0', date: '2026-01-01 00:00', load: 1 }
const section = (id: string, text: string, met: boolean): Section => ({
  id,
  title: id,
  result: { markdown: text, goals: [{ goal: `${id} goal`, figure: '1', met }] },
  machine,
  tiny: false,
  seconds: 1,
})

describe('renderReport', () => {
  it('keeps the sections of parts that did not run and rebuilds the goals table from all', () => {
    const first = renderReport(
      order,
      [section('size', 'size figures v1', true), section('collector', 'collector v1', false)],
      '',
      'pnpm bench',
    )
    const second = renderReport(
      order,
      [section('size', 'size figures v2', false)],
      first,
      'pnpm bench size',
    )
    expect(second).toContain('size figures v2')
    expect(second).not.toContain('size figures v1')
    expect(second).toContain('collector v1')
    expect(second).toContain('| size goal | 1 | **not met** |')
    expect(second).toContain('| collector goal | 1 | **not met** |')
    expect([...existingSections(second).keys()]).toEqual(['size', 'collector'])
    expect(second.indexOf('part:size')).toBeLessThan(second.indexOf('part:collector'))
  })

  it('says when a figure comes from a tiny run, and which machine measured it', () => {
    const text = renderReport(
      order,
      [{ ...section('size', 'x', true), tiny: true }],
      '',
      'pnpm bench --tiny',
    )
    expect(text).toContain('tiny smoke run')
    expect(text).toContain('Test CPU, 2 cores (shared; load average 1.0 at the end), Node v20.0.0')
  })
})
