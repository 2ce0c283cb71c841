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
import type { DlqQueue } from './queue.js'
import { createMemoryDlqQueue } from './queue-memory.js'

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

const run = async (argv: string[], stdin?: string, queue?: DlqQueue) => {
  const out: string[] = []
  const err: string[] = []
  const code = await replayCli(
    ['--kinesis-endpoint', kinesis.endpoint, '--dynamodb-endpoint', dynalite.endpoint, ...argv],
    {},
    {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      ...(stdin === undefined ? {} : { stdin: async () => stdin }),
      ...(queue === undefined ? {} : { queue: () => queue }),
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

const bySequence = (a: { sequenceNumber: string }, b: { sequenceNumber: string }) =>
  Number(BigInt(a.sequenceNumber) - BigInt(b.sequenceNumber))

/** The live sessionizer over these records, per shard in order, in batches of 40. */
async function sessionize(table: string, records: typeof put) {
  await createSessionTable(dynalite.client, table)
  const { handler } = sessionizerOf(table)
  const ordered = [...records].sort(
    (a, b) => a.shardId.localeCompare(b.shardId) || bySequence(a, b),
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
  const shard0 = put.filter((r) => r.shardId === 'shardId-000000000000').sort(bySequence)
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

describe('pnpm replay --dlq (the loop, over a queue in memory)', () => {
  const URL = 'https://sqs.us-east-1.amazonaws.com/000000000000/sessionizer-dlq'
  /** A second good batch: the first 40 records of shard 1. */
  const other = () =>
    put
      .filter((r) => r.shardId === 'shardId-000000000001')
      .sort(bySequence)
      .slice(0, 40)
  const drain = (queue: DlqQueue, ...argv: string[]) =>
    run(['--dlq', URL, ...argv], undefined, queue)

  /** Both good batches' envelopes replayed from memory into a fresh table: its sessions. */
  async function expectedOf(table: string) {
    await runReplay({
      source: createMemoryReplaySource([...batch, ...other()].map((r) => r.item)),
      range: EVERYTHING,
      table,
      async open() {
        await prepareTable(dynalite.client, table, 'fresh')
        return sessionizerOf(table).handler
      },
    })
    return sessionsOf(table)
  }

  it('deletes the two good messages once re-driven, keeps the malformed one, exits non-zero', async () => {
    const queue = createMemoryDlqQueue()
    const good = queue.send(dlqMessage(batch))
    const bad = queue.send(dlqMessage(batch, { shardId: undefined }))
    const good2 = queue.send(dlqMessage(other()))
    const r = await drain(queue, '--new-table', 'drained')
    expect(r.code).toBe(1)
    expect(queue.ids()).toEqual([bad])
    expect(r.out).toContain('re-drove 3 messages of')
    expect(r.out).toContain('2 deleted, 0 kept, 1 failed')
    // Each batch's events applied once (the traffic's copies of an event are duplicates).
    const unique = (records: typeof put) =>
      new Set(records.flatMap((r) => r.item.envelope.events.map((e) => e.messageId))).size
    expect(r.out).toMatch(new RegExp(`${good}\\s+deleted: applied ${unique(batch)}, duplicates`))
    expect(r.out).toMatch(new RegExp(`${good2}\\s+deleted: applied ${unique(other())}, duplicates`))
    expect(r.out).toContain(
      `${bad}  failed (left in the queue): message ${bad} is no Kinesis on-failure record: KinesisBatchInfo.shardId is missing`,
    )
    expect(r.err).toContain(`replay: message ${bad} left in the queue`)
    const expected = await expectedOf('drained-expected')
    expect(expected.length).toBeGreaterThan(5)
    expect(await sessionsOf('drained')).toEqual(expected)
    // Left, and released: the next run receives it again (and fails on it again).
    const again = await drain(queue, '--table', 'drained')
    expect(again.code).toBe(1)
    expect(again.out).toContain('re-drove 1 messages of')
    expect(queue.ids()).toEqual([bad])
  }, 60_000)

  it('--keep deletes nothing; a second run over the kept messages applies nothing; --max-messages stops', async () => {
    const queue = createMemoryDlqQueue([dlqMessage(batch), dlqMessage(other())])
    const ids = queue.ids()
    const kept = await drain(queue, '--keep', '--new-table', 'kept')
    expect(kept.code).toBe(0)
    expect(queue.ids()).toEqual(ids)
    expect(kept.out).toContain('0 deleted, 2 kept, 0 failed')
    const sessions = await sessionsOf('kept')
    expect(sessions).toEqual(await sessionsOf('drained'))

    const one = await drain(queue, '--max-messages', '1', '--table', 'kept')
    expect(one.code).toBe(0)
    expect(one.out).toMatch(new RegExp(`${ids[0]}\\s+deleted: applied 0, duplicates [1-9]`))
    expect(queue.ids()).toEqual(ids.slice(1))
    const rest = await drain(queue, '--table', 'kept')
    expect(rest.code).toBe(0)
    expect(rest.out).toMatch(new RegExp(`${ids[1]}\\s+deleted: applied 0, duplicates [1-9]`))
    expect(queue.ids()).toEqual([])
    expect(await sessionsOf('kept')).toEqual(sessions)

    const empty = await drain(queue, '--table', 'kept')
    expect(empty.code).toBe(0)
    expect(empty.out).toContain('no message in')
  }, 60_000)
})
