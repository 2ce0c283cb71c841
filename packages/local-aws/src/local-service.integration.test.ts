import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DynamoDBClient, PutItemCommand, ScanCommand } from '@aws-sdk/client-dynamodb'
import {
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis'
import {
  escapedErrors,
  halfPost,
  keepAsking,
  openConnection,
  waitFor,
} from '@clickstream/test-support'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import { localClientConfig } from './clients.js'
import { PortInUseError } from './errors.js'
import { type LocalService, startDynalite, startKinesalite } from './local-service.js'
import { ensureStream } from './streams.js'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'clickstream-close-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

const escaped = escapedErrors({ beforeEach, afterEach })

// Clients of their own (one attempt each), apart from the services' own clients.
const kinesisOf = (s: LocalService) =>
  new KinesisClient({ ...localClientConfig(s.endpoint), maxAttempts: 1 })
const dynamodbOf = (s: LocalService) =>
  new DynamoDBClient({ ...localClientConfig(s.endpoint), maxAttempts: 1 })

/**
 * The load a service is closed under: 20 kept-alive clients asking again as soon as answered, and
 * 5 slow requests whose clients go away before the answer.
 */
function load(request: (signal?: AbortSignal) => Promise<unknown>) {
  const clients = keepAsking(20, () => request())
  const aborts = Array.from({ length: 5 }, () => new AbortController())
  const slow = aborts.map((a) => request(a.signal).catch(() => undefined))
  return {
    answered: clients.answered,
    /** The slow requests' clients destroy their sockets. */
    abandon: () => {
      for (const a of aborts) a.abort()
    },
    ended: Promise.all([clients.ended, ...slow]),
  }
}

describe('a local service closing under load', () => {
  it('kinesalite: answers what it accepted, refuses the rest, then closes its store; nothing fails after', async () => {
    const path = tempDir()
    const service = await startKinesalite({ path })
    const kinesis = kinesisOf(service)
    // Active before the first put: kinesalite refuses records for a stream still being created.
    await ensureStream(kinesis, 's', 1)
    const data = new Uint8Array(512).fill(97)
    for (let i = 0; i < 4; i++) {
      await kinesis.send(
        new PutRecordsCommand({
          StreamName: 's',
          Records: Array.from({ length: 500 }, (_, j) => ({ Data: data, PartitionKey: `k${j}` })),
        }),
      )
    }
    const iterator = async (client: KinesisClient) =>
      (
        await client.send(
          new GetShardIteratorCommand({
            StreamName: 's',
            ShardId: 'shardId-000000000000',
            ShardIteratorType: 'TRIM_HORIZON',
          }),
        )
      ).ShardIterator
    const ShardIterator = await iterator(kinesis)
    const traffic = load((abortSignal) =>
      kinesis.send(
        new GetRecordsCommand({ ShardIterator, Limit: abortSignal ? 10_000 : 50 }),
        abortSignal ? { abortSignal } : {},
      ),
    )
    await waitFor(() => traffic.answered() >= 200, { what: '200 GetRecords answered' })
    // Two clients stop mid-body: one goes away, one stays connected.
    const body = {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'Kinesis_20131202.ListStreams',
    }
    const [gone, stalled] = await Promise.all([
      openConnection(service.port),
      openConnection(service.port),
    ])
    gone.socket.write(halfPost(body))
    stalled.socket.write(halfPost(body))
    traffic.abandon()
    gone.socket.destroy()
    await service.close()
    await Promise.all([traffic.ended, stalled.closed])
    kinesis.destroy()

    // The store closed (leveldb holds its lock until then) and kept every record.
    const again = await startKinesalite({ path })
    const reopened = kinesisOf(again)
    const out = await reopened.send(
      new GetRecordsCommand({ ShardIterator: await iterator(reopened), Limit: 10_000 }),
    )
    expect(out.Records).toHaveLength(2000)
    reopened.destroy()
    await again.close()
    expect(escaped()).toEqual([])
  })

  it('dynalite: answers what it accepted, refuses the rest, then closes its store; nothing fails after', async () => {
    const path = tempDir()
    const service = await startDynalite({ path })
    const dynamodb = dynamodbOf(service)
    await service.createTable({
      TableName: 'sessions',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'sk', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    })
    const blob = 'x'.repeat(512)
    for (let i = 0; i < 300; i += 50) {
      await Promise.all(
        Array.from({ length: 50 }, (_, j) =>
          dynamodb.send(
            new PutItemCommand({
              TableName: 'sessions',
              Item: { pk: { S: `k${i + j}` }, sk: { S: 's' }, blob: { S: blob } },
            }),
          ),
        ),
      )
    }
    const traffic = load((abortSignal) =>
      dynamodb.send(
        new ScanCommand({ TableName: 'sessions', Limit: abortSignal ? 300 : 20 }),
        abortSignal ? { abortSignal } : {},
      ),
    )
    await waitFor(() => traffic.answered() >= 200, { what: '200 Scans answered' })
    traffic.abandon()
    await service.close()
    await traffic.ended
    dynamodb.destroy()

    const again = await startDynalite({ path })
    const reopened = dynamodbOf(again)
    const out = await reopened.send(new ScanCommand({ TableName: 'sessions' }))
    expect(out.Count).toBe(300)
    reopened.destroy()
    await again.close()
    expect(escaped()).toEqual([])
  })

  it('a port already in use is a PortInUseError naming the service and the port', async () => {
    const first = await startKinesalite()
    const error = await startDynalite({ port: first.port }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PortInUseError)
    expect(error).toMatchObject({ service: 'dynalite', host: '127.0.0.1', port: first.port })
    await first.close()
  })
})
