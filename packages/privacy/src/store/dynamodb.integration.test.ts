import { type LocalDynamoDB, startDynalite } from '@clickstream/local-aws'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { personKey } from '../suppression.js'
import { createDynamoDbSuppressionStore } from './dynamodb.js'
import { suppressionStoreContract } from './suppression-store.contract.js'

let dynalite: LocalDynamoDB
let tables = 0
const newTable = async () => {
  const TableName = `suppression-${++tables}`
  await dynalite.createTable({
    TableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
  })
  return TableName
}

beforeAll(async () => {
  dynalite = await startDynalite()
})
afterAll(async () => {
  await dynalite?.close()
})

suppressionStoreContract('dynamodb', async () =>
  createDynamoDbSuppressionStore({ client: dynalite.client, tableName: await newTable() }),
)

it('re-reads the list only when its version changed; a second store sees what the first added', async () => {
  const tableName = await newTable()
  let queries = 0
  dynalite.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === 'QueryCommand') queries++
      return next(args)
    },
    { step: 'initialize', name: 'countQueries' },
  )
  try {
    const writer = createDynamoDbSuppressionStore({ client: dynalite.client, tableName })
    const reader = createDynamoDbSuppressionStore({ client: dynalite.client, tableName })
    expect((await reader.read()).ids).toEqual([])
    const ids = await Promise.all(
      Array.from({ length: 60 }, (_, i) => personKey('userId', `u-${i}`)),
    )
    expect(await writer.add(ids)).toBe(60)
    queries = 0
    expect((await reader.read()).ids).toHaveLength(60)
    expect(queries).toBe(1)
    await reader.read()
    await reader.read()
    expect(queries).toBe(1)
  } finally {
    dynalite.client.middlewareStack.remove('countQueries')
  }
})
