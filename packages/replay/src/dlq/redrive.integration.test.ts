import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { PutRecordsCommand } from '@aws-sdk/client-kinesis'
import {
  type LocalDynamoDB,
  type LocalKinesis,
  startDynalite,
  startKinesalite,
} from '@clickstream/local-aws'
import { encodeEnvelope } from '@clickstream/schema'
import {
  createSessionizer,
  createSessionTable,
  resolveSessionRules,
} from '@clickstream/sessionizer-lambda'
import type { KinesisStreamRecord } from 'aws-lambda'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sessionsOfKeys } from '../../test/sessions.js'
import { tempDirs } from '../../test/temp-dirs.js'
import { GAP_MS, traffic } from '../../test/traffic.js'
import { EVERYTHING } from '../range.js'
import { runReplay } from '../replay.js'
import { replayCli } from '../run-cli.js'
import { createMemoryReplaySource } from '../source/memory.js'
import { prepareTable } from '../table.js'

const STREAM = 'events'
const rules = resolveSessionRules({ gapMs: GAP_MS })
const sent = traffic().arrived.slice(0, 240)
const keys = [...new Set(sent.map((a) => a.envelope.key))]
const dir = tempDirs('replay-dlq-')()

let kinesis: LocalKinesis
let dynalite: LocalDynamoDB
/** What PutRecords answered for each envelope sent, in the order sent. */
let put: { item: (typeof sent)[number]; shardId: string; sequenceNumber: string }[]
/** The dead-lettered batch: records 20 to 79 of shard 0, in sequence order. */
let batch: typeof put

const sessionizerOf = (table: string) =>
  createSessionizer(
    {
      tableName: table,
      rules,
      deadLetter: { kind: 'table', tableName: table },
      aws: { region: 'local' },
    },
    { dynamodb: dynalite.client },
  )

/** Every session of every key, without `updatedAt`. */
const sessionsOf = (table: string) => sessionsOfKeys(sessionizerOf(table).store, keys)

/** Lambda's on-failure record of a Kinesis batch (its documented shape). */
function dlqMessage(records: typeof put, patch: Record<string, unknown> = {}) {
  const first = records[0]
  const last = records.at(-1)
  if (!first || !last) throw new Error('an empty batch')
  return JSON.stringify({
    requestContext: {
      requestId: 'c9b8fa9f-5a7f-4e1f-af9c-0c604cde93a5',
      functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:sessionizer',
      condition: 'RetryAttemptsExhausted',
      approximateInvokeCount: 3,
    },
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    version: '1.0',
    timestamp: new Date().toISOString(),
    KinesisBatchInfo: {
      shardId: first.shardId,
      startSequenceNumber: first.sequenceNumber,
      endSequenceNumber: last.sequenceNumber,
      approximateArrivalOfFirstRecord: new Date(first.item.arrivedAt).toISOString(),
      approximateArrivalOfLastRecord: new Date(last.item.arrivedAt).toISOString(),
      batchSize: records.length,
      streamArn: `arn:aws:kinesis:us-east-1:000000000000:stream/${STREAM}`,
      ...patch,
    },
  })
}

const messageFile = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const run = async (argv: string[], stdin?: string) => {
  const out: string[] = []
  const err: string[] = []
  const code = await replayCli(
    ['--kinesis-endpoint', kinesis.endpoint, '--dynamodb-endpoint', dynalite.endpoint, ...argv],
    {},
    {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      ...(stdin === undefined ? {} : { stdin: async () => stdin }),
    },
  )
  return { code, out: out.join('\n'), err: err.join('\n') }
}

const tables = async () => (await dynalite.client.send(new ListTablesCommand({}))).TableNames ?? []

/** A re-drive of this message that fails: it creates no table. */
async function refused(name: string, text: string) {
  const before = await tables()
  const r = await run(['--dlq-message', messageFile(name, text), '--new-table', 'never'])
  expect(await tables()).toEqual(before)
  return r
}

/** The stream's records as Lambda hands them to the sessionizer (real shard ids and sequence numbers). */
const lambdaRecord = (r: (typeof put)[number]): KinesisStreamRecord => ({
  eventSource: 'aws:kinesis',
  eventVersion: '1.0',
  eventID: `${r.shardId}:${r.sequenceNumber}`,
  eventName: 'aws:kinesis:record',
  invokeIdentityArn: 'arn:aws:iam::000000000000:role/sessionizer',
  awsRegion: 'us-east-1',
  eventSourceARN: `arn:aws:kinesis:us-east-1:000000000000:stream/${STREAM}`,
  kinesis: {
    kinesisSchemaVersion: '1.0',
    partitionKey: r.item.envelope.key,
    sequenceNumber: r.sequenceNumber,
    data: Buffer.from(encodeEnvelope(r.item.envelope)).toString('base64'),
    approximateArrivalTimestamp: r.item.arrivedAt / 1000,
  },
})

/** The live sessionizer over these records, per shard in order, in batches of 40. */
async function sessionize(table: string, records: typeof put) {
  await createSessionTable(dynalite.client, table)
  const { handler } = sessionizerOf(table)
  const ordered = [...records].sort(
    (a, b) =>
      a.shardId.localeCompare(b.shardId) ||
      Number(BigInt(a.sequenceNumber) - BigInt(b.sequenceNumber)),
  )
  for (let i = 0; i < ordered.length; i += 40) {
    const response = await handler({ Records: ordered.slice(i, i + 40).map(lambdaRecord) })
    expect(response.batchItemFailures).toEqual([])
  }
}

beforeAll(async () => {
  ;[kinesis, dynalite] = await Promise.all([startKinesalite(), startDynalite()])
  await kinesis.createStream(STREAM, 2)
  put = []
  for (let i = 0; i < sent.length; i += 100) {
    const chunk = sent.slice(i, i + 100)
    const { Records = [] } = await kinesis.client.send(
      new PutRecordsCommand({
        StreamName: STREAM,
        Records: chunk.map((item) => ({
          Data: encodeEnvelope(item.envelope),
          PartitionKey: item.envelope.key,
        })),
      }),
    )
    for (const [j, item] of chunk.entries()) {
      const answer = Records[j]
      if (!answer?.ShardId || !answer.SequenceNumber) throw new Error(`record ${i + j} not put`)
      put.push({ item, shardId: answer.ShardId, sequenceNumber: answer.SequenceNumber })
    }
  }
  const shard0 = put
    .filter((r) => r.shardId === 'shardId-000000000000')
    .sort((a, b) => Number(BigInt(a.sequenceNumber) - BigInt(b.sequenceNumber)))
  expect(shard0.length).toBeGreaterThan(80)
  batch = shard0.slice(20, 80)
}, 60_000)

afterAll(async () => {
  await Promise.all([kinesis?.close(), dynalite?.close()])
})

describe('pnpm replay --dlq-message', () => {
  it('re-drives exactly the records the message points at', async () => {
    const r = await run([
      '--dlq-message',
      messageFile('batch.json', dlqMessage(batch)),
      '--new-table',
      'redriven',
    ])
    expect(r.err).toContain(
      `replay: re-driving records ${batch[0]?.sequenceNumber}..${batch.at(-1)?.sequenceNumber} of shardId-000000000000 of stream events (60 records`,
    )
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/records\s+60\n/)
    // The same envelopes, and only them, replayed from memory: the same sessions.
    await runReplay({
      source: createMemoryReplaySource(batch.map((r) => r.item)),
      range: EVERYTHING,
      table: 'expected',
      async open() {
        await prepareTable(dynalite.client, 'expected', 'fresh')
        return sessionizerOf('expected').handler
      },
    })
    const expected = await sessionsOf('expected')
    expect(expected.length).toBeGreaterThan(5)
    expect(await sessionsOf('redriven')).toEqual(expected)
    const events = new Set(batch.flatMap((r) => r.item.envelope.events.map((e) => e.messageId)))
    const counted = (await sessionsOf('redriven')).reduce((sum, s) => sum + s.eventCount, 0)
    expect(counted).toBe(events.size)
  }, 60_000)

  it('re-driving the same message again applies nothing and changes nothing (stdin)', async () => {
    const before = await sessionsOf('redriven')
    const r = await run(['--dlq-message', '-', '--table', 'redriven'], dlqMessage(batch))
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/applied\s+0\n/)
    expect(r.out).toMatch(/records\s+60\n/)
    expect(await sessionsOf('redriven')).toEqual(before)
  }, 60_000)

  it('completes the live table, whose shard checkpoints went on past the batch', async () => {
    // The mapping gave up on the batch and went on: the table has every record but its.
    const inBatch = new Set(batch.map((r) => r.sequenceNumber))
    await sessionize(
      'live',
      put.filter((r) => !inBatch.has(r.sequenceNumber)),
    )
    await sessionize('complete', put)
    const complete = await sessionsOf('complete')
    expect(await sessionsOf('live')).not.toEqual(complete)
    const file = messageFile('live.json', dlqMessage(batch))
    const first = await run(['--dlq-message', file, '--table', 'live'])
    expect(first.code).toBe(0)
    expect(first.out).not.toMatch(/applied\s+0\n/)
    expect(await sessionsOf('live')).toEqual(complete)
    const again = await run(['--dlq-message', file, '--table', 'live'])
    expect(again.out).toMatch(/applied\s+0\n/)
    expect(await sessionsOf('live')).toEqual(complete)
  }, 60_000)

  it('says the records expired, and how to replay them from the archive, when the start is gone', async () => {
    // A sequence number of the shard between two records: as if the batch's first were trimmed.
    const gone = (BigInt(batch[0]?.sequenceNumber ?? '') + (1n << 72n)).toString()
    const r = await refused('expired.json', dlqMessage(batch, { startSequenceNumber: gone }))
    expect(r.code).toBe(1)
    expect(r.err).toContain(`the 60 records ${gone}..`)
    expect(r.err).toContain('expired from the stream')
    expect(r.err).toMatch(/pnpm replay --source archive --from \S+Z --to \S+Z --table/)
  }, 60_000)

  it('refuses a malformed message with exit code 2, naming the field', async () => {
    const r = await refused('bad.json', dlqMessage(batch, { shardId: undefined }))
    expect(r.code).toBe(2)
    expect(r.err).toContain(
      'bad.json is no Kinesis on-failure record: KinesisBatchInfo.shardId is missing',
    )
    expect(r.err).not.toMatch(/\n\s+at /)
  })
})
