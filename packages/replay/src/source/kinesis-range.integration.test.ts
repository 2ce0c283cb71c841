import {
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
  InvalidArgumentException,
  KinesisClient,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis'
import { type LocalKinesis, localClientConfig, startKinesalite } from '@clickstream/local-aws'
import { encodeEnvelope } from '@clickstream/schema'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { traffic } from '../../test/traffic.js'
import type { DlqBatch } from '../dlq/message.js'
import { RecordsExpiredError, SourceUnreadableError } from '../errors.js'
import { EVERYTHING } from '../range.js'
import { createKinesisRangeSource } from './kinesis-range.js'
import type { ArrivedEnvelope } from './memory.js'
import { replaySourceContract } from './replay-source.contract.js'
import type { ReplaySource } from './replay-source.js'

let kinesis: LocalKinesis
let streams = 0

beforeAll(async () => {
  kinesis = await startKinesalite()
})

afterAll(async () => {
  await kinesis?.close()
})

/** The envelopes in a new one-shard stream, in order: the batch of all its records. */
async function streamOf(envelopes: readonly ArrivedEnvelope[]) {
  const streamName = `s${++streams}`
  await kinesis.createStream(streamName, 1)
  const sequenceNumbers: string[] = []
  for (let i = 0; i < envelopes.length; i += 100) {
    const { Records = [] } = await kinesis.client.send(
      new PutRecordsCommand({
        StreamName: streamName,
        Records: envelopes.slice(i, i + 100).map(({ envelope }) => ({
          Data: encodeEnvelope(envelope),
          PartitionKey: envelope.key,
        })),
      }),
    )
    for (const r of Records) sequenceNumbers.push(r.SequenceNumber ?? '')
  }
  const batch: DlqBatch = {
    streamArn: `arn:aws:kinesis:us-east-1:000000000000:stream/${streamName}`,
    streamName,
    region: 'us-east-1',
    shardId: 'shardId-000000000000',
    startSequenceNumber: sequenceNumbers[0] ?? '',
    endSequenceNumber: sequenceNumbers.at(-1) ?? '',
    batchSize: sequenceNumbers.length,
    arrival: {
      first: new Date(envelopes[0]?.arrivedAt ?? 0).toISOString(),
      last: new Date(envelopes.at(-1)?.arrivedAt ?? 0).toISOString(),
    },
  }
  return { batch, sequenceNumbers }
}

async function positions(source: ReplaySource) {
  const read: string[] = []
  for await (const record of source.read(EVERYTHING)) read.push(record.position)
  return read
}

/** A client of the same kinesalite that fails the calls `fault` answers an error for. */
function faulty(fault: (command: object) => Error | undefined): KinesisClient {
  const client = new KinesisClient(localClientConfig(kinesis.endpoint))
  const send = client.send.bind(client) as (command: object) => Promise<unknown>
  client.send = ((command: object) => {
    const error = fault(command)
    return error ? Promise.reject(error) : send(command)
  }) as typeof client.send
  return client
}

replaySourceContract('a DLQ batch read from kinesalite', async (envelopes) => {
  const { batch } = await streamOf(envelopes)
  return createKinesisRangeSource({ client: kinesis.client, batch })
})

describe('createKinesisRangeSource', () => {
  const sent = traffic().arrived.slice(0, 30)

  it('resumes after the record it read last when its iterator expires between pages', async () => {
    const { batch, sequenceNumbers } = await streamOf(sent)
    let pages = 0
    const client = faulty((command) =>
      command instanceof GetRecordsCommand && ++pages === 3
        ? new ExpiredIteratorException({ message: 'Iterator expired', $metadata: {} })
        : undefined,
    )
    try {
      const read = await positions(createKinesisRangeSource({ client, batch, pageSize: 7 }))
      expect(pages).toBeGreaterThan(3)
      expect(read).toEqual(sequenceNumbers)
    } finally {
      client.destroy()
    }
  })

  it('stops at the end of the batch, not of the shard', async () => {
    const { batch, sequenceNumbers } = await streamOf(sent)
    const part = { ...batch, endSequenceNumber: sequenceNumbers[11] ?? '', batchSize: 12 }
    const read = await positions(
      createKinesisRangeSource({ client: kinesis.client, batch: part, pageSize: 5 }),
    )
    expect(read).toEqual(sequenceNumbers.slice(0, 12))
  })

  it('says the records expired when Kinesis says they were trimmed', async () => {
    const { batch } = await streamOf(sent.slice(0, 3))
    const client = faulty((command) =>
      command instanceof GetShardIteratorCommand
        ? new InvalidArgumentException({
            message: `StartingSequenceNumber ${batch.startSequenceNumber} has been trimmed from the shard`,
            $metadata: {},
          })
        : undefined,
    )
    try {
      const read = positions(createKinesisRangeSource({ client, batch }))
      await expect(read).rejects.toBeInstanceOf(RecordsExpiredError)
      await expect(read).rejects.toThrow(/expired from the stream .* --source archive/)
    } finally {
      client.destroy()
    }
  })

  it('names the records it cannot read for any other reason', async () => {
    const { batch } = await streamOf(sent.slice(0, 3))
    const gone = { ...batch, streamName: 'no-such-stream' }
    const read = positions(createKinesisRangeSource({ client: kinesis.client, batch: gone }))
    await expect(read).rejects.toBeInstanceOf(SourceUnreadableError)
    await expect(read).rejects.toThrow(
      `cannot read records ${batch.startSequenceNumber}..${batch.endSequenceNumber} of shardId-000000000000 of stream no-such-stream: ResourceNotFoundException`,
    )
  })
})
