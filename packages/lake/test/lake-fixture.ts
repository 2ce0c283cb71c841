import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { createEnricher, type Enricher, type GeoLookup } from '@clickstream/enrich'
import { type EnrichedMessage, lakeEventDate, packEnvelopes } from '@clickstream/schema'
import {
  createParquetWriter,
  partitionFolder,
  type TransformInput,
  transformRecords,
} from '../src/index.js'

export const BASE = Date.parse('2026-03-01T08:00:00.000Z')
/** A desktop Chrome's user agent (a bare `Mozilla/5.0` is a bot's to isbot). */
export const BROWSER =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'
const iso = (ms: number) => new Date(ms).toISOString()

export interface Spec {
  id: string
  /** Minutes after BASE. */
  at: number
  /** The anonymous id; `null`: none (a server's event, user id only). @default 'anon-1' */
  key?: string | null
  type?: 'page' | 'track' | 'identify' | 'screen' | 'alias'
  /** An alias call's previous id. */
  previousId?: string
  event?: string
  userId?: string
  path?: string
  /** receivedAt after the event, minutes (late events, client re-sends). @default 0 */
  lag?: number
  /** `context.userAgent`; `null`: none. @default a desktop Chrome's (`BROWSER`) */
  userAgent?: string | null
  ip?: string
  /** The page URL's query (UTM parameters, click ids), on `context.page.url`. */
  query?: string
  referrer?: string
  /** The tracking-plan violations the collector recorded (`context.violations`). */
  violations?: { path: string; code: string; message: string }[]
}

/** A geo database of two networks (NZ: 203.0.113.0/24, DE: 2001:db8::/32) and a bot's IP. */
const geo: GeoLookup = {
  lookup: (ip) =>
    ip.startsWith('203.0.113.')
      ? { country: 'NZ', region: 'Auckland', city: 'Auckland' }
      : ip.startsWith('2001:db8:')
        ? { country: 'DE' }
        : undefined,
}
export const BOT_IP = '192.0.2.66'
const base = createEnricher({ geo, botIpRanges: { has: (ip) => ip === BOT_IP } })
const tail = (value: unknown) => (typeof value === 'string' && value ? value.slice(-40) : undefined)
/**
 * The enricher the lake and the sessionizer share in tests: the real one over a test geo
 * database, whose answers also echo its inputs (the user agent as browser, the page URL and the
 * referrer as source and medium), so that a test sees which event each session field came from.
 */
export const testEnricher: Enricher = {
  enrich(input) {
    const result = base.enrich(input)
    const echo = {
      browserName: tail(input.userAgent),
      trafficSource: tail(input.pageUrl),
      trafficMedium: tail(input.referrer),
    }
    const enrichment = { ...result.enrichment }
    for (const [key, value] of Object.entries(echo))
      if (value) Object.assign(enrichment, { [key]: value })
    return { ...result, enrichment }
  },
}

/** An enriched message as the collector writes it. */
export function message(spec: Spec): EnrichedMessage {
  const t = BASE + spec.at * 60_000
  const type = spec.type ?? 'track'
  const received = iso(t + (spec.lag ?? 0) * 60_000)
  return {
    type,
    messageId: spec.id,
    ...(spec.key === null ? {} : { anonymousId: spec.key ?? 'anon-1' }),
    ...(spec.userId ? { userId: spec.userId } : {}),
    ...(spec.previousId ? { previousId: spec.previousId } : {}),
    ...(type === 'track' ? { event: spec.event ?? 'Product Viewed' } : {}),
    ...(type === 'page' || type === 'screen'
      ? { properties: { path: spec.path ?? '/', url: `https://shop.example${spec.path ?? '/'}` } }
      : {}),
    context: {
      ...(spec.userAgent === null ? {} : { userAgent: spec.userAgent ?? BROWSER }),
      ...(spec.ip ? { ip: spec.ip } : {}),
      ...(spec.violations ? { violations: spec.violations } : {}),
      ...(spec.query !== undefined || spec.referrer !== undefined
        ? {
            page: {
              url: `https://shop.example${spec.path ?? '/'}${spec.query ?? ''}`,
              ...(spec.referrer ? { referrer: spec.referrer } : {}),
            },
          }
        : {}),
    },
    timestamp: iso(t),
    sentAt: received,
    receivedAt: received,
  } as EnrichedMessage
}

/**
 * Kinesis records as the collector writes them: per arrival batch, one envelope per key and UTC
 * event date (base64 data, a sequence number in stream order).
 */
export function kinesisRecords(batches: readonly EnrichedMessage[][]): TransformInput[] {
  const records: TransformInput[] = []
  for (const batch of batches) {
    const groups = new Map<string, EnrichedMessage[]>()
    for (const event of batch) {
      const key = `${event.anonymousId ?? event.userId}|${lakeEventDate(Date.parse(event.timestamp))}`
      groups.set(key, [...(groups.get(key) ?? []), event])
    }
    for (const [group, events] of groups) {
      const key = group.split('|')[0] as string
      const receivedAt = (events[0] as EnrichedMessage).receivedAt
      for (const data of packEnvelopes({ key, sourceId: 'src_test', receivedAt }, events)) {
        const n = records.length + 1
        records.push({
          recordId: `r${n}`,
          data: Buffer.from(data).toString('base64'),
          approximateArrivalTimestamp: Date.parse(receivedAt),
          kinesisRecordMetadata: {
            shardId: 'shardId-000000000000',
            partitionKey: key,
            sequenceNumber: String(49_000_000_000 + n),
          },
        })
      }
    }
  }
  return records
}

/**
 * Writes records to `lake` like the delivery stream: one Parquet file per flush and partition,
 * the rows enriched by `enricher` when given.
 */
export async function writeLake(
  lake: string,
  flushes: readonly TransformInput[][],
  enricher?: Enricher,
) {
  const writer = await createParquetWriter()
  try {
    for (const [flush, records] of flushes.entries()) {
      const byDate = new Map<string, string>()
      for (const out of transformRecords(records, enricher ? { enricher } : {}).records) {
        const date = out.metadata?.partitionKeys.event_date
        if (out.result !== 'Ok' || !date) continue
        byDate.set(date, (byDate.get(date) ?? '') + Buffer.from(out.data, 'base64').toString())
      }
      for (const [date, rows] of byDate)
        await writer.write(rows, join(partitionFolder(lake, date), `flush-${flush}.parquet`))
    }
  } finally {
    writer.close()
  }
}

/** A fresh temporary directory, and its removal. */
export async function tempDir() {
  const dir = await mkdtemp(join(tmpdir(), 'lake-sql-'))
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) }
}

/** A query's rows as objects, numbers as numbers. */
export function objects(result: { columns: string[]; rows: unknown[][] }) {
  return result.rows.map((row) =>
    Object.fromEntries(
      result.columns.map((c, i) => {
        const v = row[i]
        return [c, typeof v === 'string' && /^-?\d+$/.test(v) && v.length < 16 ? Number(v) : v]
      }),
    ),
  )
}

/** The same records as Lambda hands them to the sessionizer (a Kinesis stream event). */
export function streamEvent(records: readonly TransformInput[]) {
  return {
    Records: records.map((r) => ({
      awsRegion: 'eu-west-1',
      eventID: `${r.kinesisRecordMetadata?.shardId}:${r.kinesisRecordMetadata?.sequenceNumber}`,
      eventName: 'aws:kinesis:record',
      eventSource: 'aws:kinesis',
      eventSourceARN: 'arn:aws:kinesis:eu-west-1:123456789012:stream/clickstream-events',
      eventVersion: '1.0',
      invokeIdentityArn: 'arn:aws:iam::123456789012:role/sessionizer',
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: r.kinesisRecordMetadata?.partitionKey ?? '',
        sequenceNumber: r.kinesisRecordMetadata?.sequenceNumber ?? '',
        data: r.data,
        approximateArrivalTimestamp: (r.approximateArrivalTimestamp ?? 0) / 1000,
      },
    })),
  }
}

/** A writable stream that keeps what is written, for a CLI's output. */
export function captured() {
  const stream = Object.assign(
    new Writable({
      write(chunk, _encoding, done) {
        stream.text += String(chunk)
        done()
      },
    }),
    { text: '' },
  )
  return stream
}
