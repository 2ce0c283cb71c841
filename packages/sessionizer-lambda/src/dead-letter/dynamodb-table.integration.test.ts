import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { localClientConfig, startDynalite } from '@clickstream/local-aws'
import { afterAll, beforeAll } from 'vitest'
import { injectFaults } from '../../test/dynamodb-faults.js'
import { createSessionTable } from '../session-store/dynamodb-table.js'
import { listingUnderTest, testDeadLetter } from './dead-letter.contract.js'
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
  // An entry's item key is its identity, its partition its day of arrival: writing it again overwrites it.
  retried: 'idempotent',
  lists: true,
  async refusing() {
    // No SDK retries, so the throttled write fails at once.
    const client = new DynamoDBClient({ ...localClientConfig(dynamo.endpoint), maxAttempts: 1 })
    injectFaults(client, () => 'throttle')
    return createTableDeadLetter({ client, tableName: await freshTable() })
  },
})
