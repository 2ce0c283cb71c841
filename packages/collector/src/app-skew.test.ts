import { safeDecodeEnvelope } from '@clickstream/schema'
import { describe, expect, it } from 'vitest'
import { NOW, testCollector } from '../test/helpers.js'

const RECEIVED_AT = new Date(NOW).toISOString()

describe('clock skew: a 2xx means kept', () => {
  it('writes an envelope the sessionizer decodes when one event of a user has an impossible clock (issue 14)', async () => {
    const t = testCollector()
    const res = await t.post('/v1/batch', {
      sentAt: '0001-01-01T00:00:00.000Z',
      batch: [
        {
          type: 'track',
          event: 'clock',
          userId: 'u-skew',
          messageId: 'm-future',
          timestamp: '9999-12-31T23:59:59.999Z',
        },
        { type: 'track', event: 'innocent', userId: 'u-skew', messageId: 'm-innocent' },
      ],
    })
    expect(res.status).toBe(200)
    expect(t.sink.records).toHaveLength(1)
    const decoded = safeDecodeEnvelope((t.sink.records[0] as { data: Uint8Array }).data)
    expect(decoded.ok ? [] : decoded.error.issues).toEqual([])
    if (!decoded.ok) return
    expect(decoded.value.events).toMatchObject([
      {
        messageId: 'm-future',
        // The event would have happened 8,000 years after it was sent: the time is not trusted.
        timestamp: RECEIVED_AT,
        originalTimestamp: '9999-12-31T23:59:59.999Z',
        sentAt: '0001-01-01T00:00:00.000Z',
        receivedAt: RECEIVED_AT,
      },
      { messageId: 'm-innocent', event: 'innocent', timestamp: RECEIVED_AT },
    ])
  })

  it('keeps a backfill’s historical time and an offline queue’s delay', async () => {
    const t = testCollector()
    const sentAt = '2026-02-01T09:59:59.000Z'
    const res = await t.post('/v1/batch', {
      sentAt,
      batch: [
        { type: 'track', event: 'old', userId: 'u', timestamp: '2012-12-02T00:30:08.276Z' },
        { type: 'track', event: 'queued', userId: 'u', timestamp: '2026-01-29T09:59:59.000Z' },
      ],
    })
    expect(res.status).toBe(200)
    expect(t.envelopes().flatMap((e) => e.events.map((m) => m.timestamp))).toEqual([
      '2012-12-02T00:30:09.276Z',
      '2026-01-29T10:00:00.000Z',
    ])
  })
})
