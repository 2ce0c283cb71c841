import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb'
import { localClientConfig, startDynalite } from '@clickstream/local-aws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { countInFlight, injectFaults } from '../../test/dynamodb-faults.js'
import { ConfigError } from '../errors.js'
import { createSessionTable } from '../session-store/dynamodb-table.js'
import { deadLetterEntry, listingUnderTest, testDeadLetter } from './dead-letter.contract.js'
import { type DeadLetterEntry, deadLetterId, ofDay } from './dead-letter.js'
import { createTableDeadLetter } from './dynamodb-table.js'

let dynamo: Awaited<ReturnType<typeof startDynalite>>
let tables = 0
beforeAll(async () => {
  dynamo = await startDynalite()
})
afterAll(async () => dynamo.close())

/** A fresh sessions table per test (dead letters live in the sessions table). */
async function freshTable(): Promise<string> {
  const tableName = `sessions-${++tables}`
  await createSessionTable(dynamo.client, tableName)
  return tableName
}

testDeadLetter('dynamodb table (dynalite)', {
  async create() {
    return listingUnderTest(
      createTableDeadLetter({ client: dynamo.client, tableName: await freshTable() }),
    )
  },
  // An entry's item key is its identity, its partition its day of arrival and a hash of its identity:
  // writing it again overwrites it.
  retried: 'idempotent',
  lists: true,
  async refusing() {
    // No SDK retries, so the throttled write fails at once.
    const client = new DynamoDBClient({ ...localClientConfig(dynamo.endpoint), maxAttempts: 1 })
    injectFaults(client, () => 'throttle')
    return createTableDeadLetter({ client, tableName: await freshTable() })
  },
})

const DAY = '2026-03-01'

/** `count` distinct entries whose records all reached the stream (and were set aside) on `DAY`. */
const entriesOfDay = (count: number): DeadLetterEntry[] =>
  Array.from({ length: count }, (_, n) => {
    const time = `${String(Math.floor(n / 60) % 60).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}.000Z`
    return { ...deadLetterEntry(n), arrivedAt: `${DAY}T08:${time}`, at: `${DAY}T09:${time}` }
  })

/** Every item of the table, as stored (a fresh table holds dead letters only). */
async function scanAll(tableName: string): Promise<Record<string, unknown>[]> {
  const doc = DynamoDBDocumentClient.from(dynamo.client)
  const items: Record<string, unknown>[] = []
  let start: Record<string, unknown> | undefined
  do {
    const out = await doc.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }))
    items.push(...(out.Items ?? []))
    start = out.LastEvaluatedKey
  } while (start)
  return items
}

/** How many items each partition key holds. */
const perPartition = (items: readonly Record<string, unknown>[]) => {
  const counts = new Map<string, number>()
  for (const { pk } of items) counts.set(String(pk), (counts.get(String(pk)) ?? 0) + 1)
  return counts
}

/** A table dead letter over a fresh table, given `count` entries of `DAY`. */
async function putDay(count: number, options: { shards?: number } = {}) {
  const tableName = await freshTable()
  const deadLetter = createTableDeadLetter({ client: dynamo.client, tableName, ...options })
  const entries = entriesOfDay(count)
  await deadLetter.put(entries)
  return { tableName, deadLetter, entries }
}

describe('dynamodb table dead letter: sharded, bounded', () => {
  it('spreads a day over its 16 shards, each entry in one, and lists all of them once', async () => {
    const { tableName, deadLetter, entries } = await putDay(200)
    const items = await scanAll(tableName)
    expect(items).toHaveLength(200)
    const partitions = perPartition(items)
    expect(
      [...partitions.keys()].every((pk) => /^#dead-letter#2026-03-01#([0-9]|1[0-5])$/.test(pk)),
    ).toBe(true)
    expect(partitions.size).toBe(16)
    // Even enough: no partition takes more than twice its share.
    expect(Math.max(...partitions.values())).toBeLessThanOrEqual(25)
    expect(await deadLetter.list(DAY)).toEqual(ofDay(entries, DAY))
  })

  it('puts a redelivered entry in the same shard: stored once, whatever the put it comes in', async () => {
    const { tableName, deadLetter, entries } = await putDay(200)
    const first = await scanAll(tableName)
    // Again, in another order and split differently, set aside later.
    const again = entries.map((entry) => ({ ...entry, at: `${DAY}T23:59:59.000Z` })).reverse()
    await deadLetter.put(again.slice(0, 70))
    await deadLetter.put(again.slice(70))
    const second = await scanAll(tableName)
    expect(second).toHaveLength(200)
    const partitionOf = (items: Record<string, unknown>[]) =>
      new Map(items.map((item) => [item.sk, item.pk]))
    expect(partitionOf(second)).toEqual(partitionOf(first))
    expect((await deadLetter.list(DAY)).map((entry) => entry.at)).toEqual(
      Array(200).fill(`${DAY}T23:59:59.000Z`),
    )
  })

  it('takes its number of shards', async () => {
    const { tableName, deadLetter, entries } = await putDay(60, { shards: 3 })
    expect([...perPartition(await scanAll(tableName)).keys()].sort()).toEqual([
      '#dead-letter#2026-03-01#0',
      '#dead-letter#2026-03-01#1',
      '#dead-letter#2026-03-01#2',
    ])
    expect(await deadLetter.list(DAY)).toEqual(ofDay(entries, DAY))
  })

  for (const concurrency of [undefined, 3]) {
    const bound = concurrency ?? 8
    it(`keeps at most ${bound} puts and queries in flight (${concurrency === undefined ? 'default' : 'concurrency: 3'}), 500 entries`, async () => {
      const client = new DynamoDBClient(localClientConfig(dynamo.endpoint))
      const puts = countInFlight(client, 'PutItem')
      const queries = countInFlight(client, 'Query')
      try {
        const deadLetter = createTableDeadLetter({
          client,
          tableName: await freshTable(),
          ...(concurrency === undefined ? {} : { concurrency }),
        })
        const entries = entriesOfDay(500)
        await deadLetter.put(entries)
        expect(puts.total).toBe(500)
        // Bounded, and the bound used: writes run side by side, not one by one.
        expect(puts.max).toBe(bound)
        expect(await deadLetter.list(DAY)).toHaveLength(500)
        expect(queries.max).toBe(bound)
      } finally {
        client.destroy()
      }
    })
  }

  it('stops writing after a refused put, and throws', async () => {
    const client = new DynamoDBClient({ ...localClientConfig(dynamo.endpoint), maxAttempts: 1 })
    let seen = 0
    injectFaults(client, () => (++seen === 5 ? 'throttle' : undefined))
    const puts = countInFlight(client, 'PutItem')
    try {
      const tableName = await freshTable()
      const deadLetter = createTableDeadLetter({ client, tableName, concurrency: 2 })
      await expect(deadLetter.put(entriesOfDay(100))).rejects.toThrow('Rate exceeded')
      // The refused put and at most one beside it: no more started after it.
      expect(puts.total).toBeLessThanOrEqual(6)
      expect(puts.now).toBe(0)
      expect((await scanAll(tableName)).length).toBe(puts.total - 1)
    } finally {
      client.destroy()
    }
  })

  it('still lists the entries of the unsharded partition older versions wrote, each identity once', async () => {
    const tableName = await freshTable()
    const deadLetter = createTableDeadLetter({ client: dynamo.client, tableName })
    const [old, redelivered, fresh] = entriesOfDay(3) as [
      DeadLetterEntry,
      DeadLetterEntry,
      DeadLetterEntry,
    ]
    const doc = DynamoDBDocumentClient.from(dynamo.client, {
      marshallOptions: { removeUndefinedValues: true },
    })
    // As the version before sharding wrote them.
    for (const entry of [old, redelivered]) {
      await doc.send(
        new PutCommand({
          TableName: tableName,
          Item: { ...entry, pk: `#dead-letter#${DAY}`, sk: deadLetterId(entry), ttl: 1 },
        }),
      )
    }
    const again = { ...redelivered, at: `${DAY}T23:59:59.000Z` }
    await deadLetter.put([again, fresh])
    expect(await deadLetter.list(DAY)).toEqual(ofDay([old, again, fresh], DAY))
  })

  it('refuses shards and concurrency out of range, naming the option', () => {
    const options = { client: dynamo.client, tableName: 't' }
    const settingOf = (extra: object) => {
      try {
        createTableDeadLetter({ ...options, ...extra })
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.map((p) => p.setting)
        throw error
      }
      return []
    }
    expect(settingOf({ shards: 0 })).toEqual(['shards'])
    expect(settingOf({ shards: 257 })).toEqual(['shards'])
    expect(settingOf({ shards: 1.5 })).toEqual(['shards'])
    expect(settingOf({ concurrency: 65 })).toEqual(['concurrency'])
    expect(settingOf({ shards: 256, concurrency: 1 })).toEqual([])
  })
})
