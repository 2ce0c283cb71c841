import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { gzipSync } from 'node:zlib'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  archiveHourFolder,
  createParquetWriter,
  partitionFolder,
  transformRecords,
} from '@clickstream/lake'
import { type EnrichedMessage, type Envelope, encodeEnvelope } from '@clickstream/schema'
import {
  createSessionizer,
  createSessionTable,
  resolveSessionRules,
} from '@clickstream/sessionizer-lambda'

export const T0 = Date.parse('2026-03-02T08:00:00.000Z')

/** A device of a person: its anonymous id and, once signed in, the user id its events carry. */
export interface Device {
  anonymousId: string
  userId?: string
}

/**
 * Envelopes of a device on two days (one request each, a page and a track), received as they
 * happened: the first day anonymous, the second signed in when the device has a user id.
 */
export function deviceEnvelopes(device: Device, days = 2): Envelope[] {
  return Array.from({ length: days }, (_, day) => {
    const at = new Date(T0 + day * 86_400_000).toISOString()
    const who = {
      anonymousId: device.anonymousId,
      ...(day > 0 && device.userId ? { userId: device.userId } : {}),
    }
    const events: EnrichedMessage[] = [
      {
        type: 'page',
        messageId: `${device.anonymousId}-${day}-p`,
        name: 'Home',
        properties: { path: '/' },
        timestamp: at,
        receivedAt: at,
        ...who,
      },
      {
        type: 'track',
        messageId: `${device.anonymousId}-${day}-t`,
        event: 'Added',
        timestamp: at,
        receivedAt: at,
        ...who,
      },
    ]
    return { v: 1, key: device.anonymousId, sourceId: 'web', receivedAt: at, events }
  })
}

/**
 * What the pipeline stores of these envelopes: sessions through the sessionizer's handler (the
 * Lambda's), lake files through the lake's transformation and Parquet writer (one file per day,
 * every envelope in it), archive files as the delivery stream writes them (one per hour).
 */
export async function storeAsPipeline(
  dynamodb: DynamoDBClient,
  table: string,
  dataDir: string,
  envelopes: readonly Envelope[],
) {
  await createSessionTable(dynamodb, table)
  const { handler } = createSessionizer(
    {
      tableName: table,
      rules: resolveSessionRules({ gapMs: 30 * 60_000 }),
      deadLetter: { kind: 'table', tableName: table },
      aws: { region: 'local' },
    },
    { dynamodb },
  )
  const data = envelopes.map((e) => Buffer.from(encodeEnvelope(e)).toString('base64'))
  const response = await handler({
    Records: envelopes.map((e, i) => ({
      eventSource: 'aws:kinesis',
      eventVersion: '1.0',
      eventID: `shardId-0:${i}`,
      eventName: 'aws:kinesis:record',
      invokeIdentityArn: 'test',
      awsRegion: 'local',
      eventSourceARN: 'test:shardId-0',
      kinesis: {
        kinesisSchemaVersion: '1.0',
        partitionKey: e.key,
        sequenceNumber: String(1000 + i),
        data: data[i] as string,
        approximateArrivalTimestamp: Date.parse(e.receivedAt) / 1000,
      },
    })),
  })
  if (response.batchItemFailures.length > 0) throw new Error('the sessionizer refused records')

  const writer = await createParquetWriter()
  try {
    const rows = transformRecords(
      data.map((d, i) => ({
        recordId: String(i),
        data: d,
        approximateArrivalTimestamp: Date.parse((envelopes[i] as Envelope).receivedAt),
      })),
    ).records
    const byDate = new Map<string, string>()
    for (const row of rows) {
      const date = row.metadata?.partitionKeys.event_date as string
      byDate.set(date, (byDate.get(date) ?? '') + Buffer.from(row.data, 'base64').toString('utf8'))
    }
    for (const [date, text] of byDate)
      await writer.write(text, join(partitionFolder(join(dataDir, 'lake'), date), 'part-0.parquet'))
  } finally {
    writer.close()
  }

  const byHour = new Map<string, string[]>()
  for (const [i, e] of envelopes.entries()) {
    const folder = archiveHourFolder(Date.parse(e.receivedAt))
    byHour.set(folder, [
      ...(byHour.get(folder) ?? []),
      Buffer.from(data[i] as string, 'base64').toString('utf8'),
    ])
  }
  for (const [folder, lines] of byHour) {
    const file = join(dataDir, 'archive', folder, 'archive-0.jsonl.gz')
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, gzipSync(`${lines.join('\n')}\n`))
  }
}
