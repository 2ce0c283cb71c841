import { describe, expect, it } from 'vitest'
import { createMetrics, renderMetrics } from './metrics.js'

describe('renderMetrics', () => {
  it('renders counters in Prometheus text format', () => {
    const metrics = createMetrics()
    metrics.accepted = 7
    metrics.rejected = 2
    metrics.requests.set(200, 3)
    metrics.telemetry.set('/rsaMetrics', 5)
    const text = renderMetrics(metrics, { events: { written: 4, calls: 2, retried: 1, failed: 0 } })
    expect(text).toContain(
      '# TYPE collector_events_accepted_total counter\ncollector_events_accepted_total 7\n',
    )
    expect(text).toContain('collector_events_rejected_total 2')
    expect(text).toContain('collector_requests_total{status="200"} 3')
    expect(text).toContain('collector_sdk_telemetry_total{route="/rsaMetrics"} 5')
    expect(text).toContain('collector_records_retried_total{sink="events"} 1')
    expect(text.endsWith('\n')).toBe(true)
  })
})
