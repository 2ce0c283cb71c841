import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { localClientConfig, startDynalite } from '@clickstream/local-aws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { injectFaults } from '../../test/dynamodb-faults.js'
import { createSessionTable } from '../session-store/dynamodb-table.js'
import { deadLetterEntry, testDeadLetter } from './dead-letter.contract.js'
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
    const deadLetter = createTableDeadLetter({
      client: dynamo.client,
      tableName: await freshTable(),
    })
    return {
      deadLetter,
      readBack: async (days) => (await Promise.all(days.map((day) => deadLetter.list(day)))).flat(),
    }
  },
  // An entry's item key is its position, reason and content: writing it again overwrites it.
  retried: 'idempotent',
  async refusing() {
    // No SDK retries, so the throttled write fails at once.
    const client = new DynamoDBClient({ ...localClientConfig(dynamo.endpoint), maxAttempts: 1 })
    injectFaults(client, () => 'throttle')
    return createTableDeadLetter({ client, tableName: await freshTable() })
  },
})

describe('DynamoDB table dead letter', () => {
  it('lists the entries of one UTC day, oldest first', async () => {
    const tableName = await freshTable()
    const deadLetter = createTableDeadLetter({ client: dynamo.client, tableName })
    const [a, b, c] = [deadLetterEntry(2), deadLetterEntry(0), deadLetterEntry(1)]
    await deadLetter.put([a, b, c] as const)
    expect(await deadLetter.list('2026-03-01')).toEqual([b, a])
    expect(await deadLetter.list('2026-03-02')).toEqual([c])
    expect(await deadLetter.list('2026-03-03')).toEqual([])
  })
})
