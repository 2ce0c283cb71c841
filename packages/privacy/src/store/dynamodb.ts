import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { EMPTY_SUPPRESSION, type SuppressionList } from '../suppression.js'
import type { SuppressionStore } from './store.js'

/** The partition of the suppression list in the sessions table (beside `#dead-letter#…`). */
export const SUPPRESSION_PARTITION = '#suppression'
const VERSION_SK = 'version'
const ID_PREFIX = 'id#'

export interface DynamoDbSuppressionStoreOptions {
  client: DynamoDBClient
  /** Usually the sessions table: the list is one partition of it. */
  tableName: string
}

/**
 * The suppression list as items of a DynamoDB table: one per digest (`#suppression` / `id#<digest>`)
 * and a version item every `add` increments. `read` costs one consistent GetItem while the version
 * is unchanged (the collector re-reads every TTL) and a Query of the partition when it changed.
 */
export function createDynamoDbSuppressionStore(
  options: DynamoDbSuppressionStoreOptions,
): SuppressionStore {
  const doc = DynamoDBDocumentClient.from(options.client)
  const TableName = options.tableName
  let cached: { version: number; list: SuppressionList } | undefined

  const version = async () => {
    const out = await doc.send(
      new GetCommand({
        TableName,
        Key: { pk: SUPPRESSION_PARTITION, sk: VERSION_SK },
        ConsistentRead: true,
      }),
    )
    return typeof out.Item?.n === 'number' ? out.Item.n : 0
  }
  const all = async () => {
    const ids: string[] = []
    let ExclusiveStartKey: Record<string, unknown> | undefined
    do {
      const out = await doc.send(
        new QueryCommand({
          TableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :id)',
          ExpressionAttributeValues: { ':pk': SUPPRESSION_PARTITION, ':id': ID_PREFIX },
          ProjectionExpression: 'sk',
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      )
      for (const item of out.Items ?? []) ids.push(String(item.sk).slice(ID_PREFIX.length))
      ExclusiveStartKey = out.LastEvaluatedKey
    } while (ExclusiveStartKey)
    return ids
  }

  return {
    async read() {
      const n = await version()
      if (n === 0) return EMPTY_SUPPRESSION
      if (cached?.version !== n) cached = { version: n, list: { v: 1, ids: await all() } }
      return cached.list
    },
    async add(ids) {
      const present = new Set(await all())
      const fresh = [...new Set(ids)].filter((id) => !present.has(id))
      for (let i = 0; i < fresh.length; i += 25) {
        let items: Record<string, unknown[]> | undefined = {
          [TableName]: fresh.slice(i, i + 25).map((id) => ({
            PutRequest: {
              Item: {
                pk: SUPPRESSION_PARTITION,
                sk: `${ID_PREFIX}${id}`,
                at: new Date().toISOString(),
              },
            },
          })),
        }
        // Unprocessed items are sent again (the SDK retries throttling itself).
        while (items && Object.keys(items).length > 0) {
          const out = await doc.send(new BatchWriteCommand({ RequestItems: items as never }))
          items = out.UnprocessedItems as Record<string, unknown[]> | undefined
        }
      }
      if (fresh.length > 0) {
        await doc.send(
          new UpdateCommand({
            TableName,
            Key: { pk: SUPPRESSION_PARTITION, sk: VERSION_SK },
            UpdateExpression: 'ADD n :one',
            ExpressionAttributeValues: { ':one': 1 },
          }),
        )
      }
      return fresh.length
    },
  }
}
