import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  paginateQuery,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { computeBackoff } from '@clickstream/retry'
import { UnprocessedWritesError } from '../errors.js'
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
    const pages = paginateQuery(
      { client: doc },
      {
        TableName,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :id)',
        ExpressionAttributeValues: { ':pk': SUPPRESSION_PARTITION, ':id': ID_PREFIX },
        ProjectionExpression: 'sk',
        ConsistentRead: true,
      },
    )
    for await (const page of pages) {
      for (const item of page.Items ?? []) ids.push(String(item.sk).slice(ID_PREFIX.length))
    }
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
      const at = new Date().toISOString()
      await batchWriteAll(
        doc,
        TableName,
        fresh.map((id) => ({
          PutRequest: { Item: { pk: SUPPRESSION_PARTITION, sk: `${ID_PREFIX}${id}`, at } },
        })),
      )
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

/** A BatchWriteItem request: a put or a delete (document client shapes). */
export type WriteRequest =
  | { PutRequest: { Item: Record<string, unknown> } }
  | { DeleteRequest: { Key: Record<string, unknown> } }

/**
 * Writes `requests` in batches of 25, sending unprocessed ones again after the shared backoff
 * (`@clickstream/retry`, 50 ms doubling to 2 s); past `maxAttempts` for one batch, an
 * `UnprocessedWritesError`. The SDK itself retries throttled calls; this covers the items a
 * successful call leaves unprocessed.
 */
export async function batchWriteAll(
  doc: DynamoDBDocumentClient,
  table: string,
  requests: readonly WriteRequest[],
  maxAttempts = 12,
): Promise<void> {
  for (let i = 0; i < requests.length; i += 25) {
    let pending = requests.slice(i, i + 25)
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (attempt >= maxAttempts) throw new UnprocessedWritesError(table, pending.length)
      if (attempt > 0) {
        const wait = computeBackoff(attempt - 1, { baseMs: 50, maxMs: 2000 })
        await new Promise((resolve) => setTimeout(resolve, wait))
      }
      const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: [...pending] } }))
      pending = (out.UnprocessedItems?.[table] ?? []) as WriteRequest[]
    }
  }
}
