import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { SESSION_SK_PREFIX, sessionTableDefinition } from '@clickstream/sessionizer-lambda'
import type { PersonId } from './args.js'

/** The sessions table's index by `userId` (whole sessions), as the sessionizer defines it. */
const byUserIdIndex = (table: string) =>
  sessionTableDefinition(table).GlobalSecondaryIndexes?.find(
    (index) => index.KeySchema?.[0]?.AttributeName === 'userId',
  )?.IndexName as string

/** A person's ids as the table finds them: the partitions to delete and every id they go by. */
export interface PersonKeys {
  /** Partition keys (`anonymousId || userId` of their events). */
  partitions: string[]
  /** Every id: the given ones, and the anonymous ids of a given user's sessions. */
  ids: PersonId[]
}

const doc = (client: DynamoDBClient) => DynamoDBDocumentClient.from(client)

/**
 * The rule: a person is the ids given plus, for each `userId`, the `anonymousId`s of the
 * sessions the table holds for them (`byUserId`); their partitions are all those ids (a key is
 * `anonymousId || userId`) and the `pk` of each such session.
 */
export async function findPersonKeys(
  client: DynamoDBClient,
  table: string,
  given: readonly PersonId[],
): Promise<PersonKeys> {
  const ids = [...given]
  const partitions = new Set(given.map((p) => p.id))
  const add = (id: PersonId) => {
    if (!ids.some((p) => p.kind === id.kind && p.id === id.id)) ids.push(id)
  }
  for (const { kind, id } of given) {
    if (kind !== 'userId') continue
    let start: Record<string, unknown> | undefined
    do {
      const page = await doc(client).send(
        new QueryCommand({
          TableName: table,
          IndexName: byUserIdIndex(table),
          KeyConditionExpression: 'userId = :u',
          ExpressionAttributeValues: { ':u': id },
          ProjectionExpression: 'pk, anonymousId',
          ExclusiveStartKey: start,
        }),
      )
      for (const item of page.Items ?? []) {
        partitions.add(item.pk as string)
        if (typeof item.anonymousId === 'string' && item.anonymousId !== '')
          add({ kind: 'anonymousId', id: item.anonymousId })
      }
      start = page.LastEvaluatedKey
    } while (start)
  }
  return { partitions: [...partitions], ids }
}

/** What deleting partitions removed. */
export interface PartitionsDeleted {
  /** Items in all (state, markers, sessions, outbox). */
  items: number
  sessions: number
}

const BATCH = 25

/**
 * Deletes every item of each partition: a consistent query of its keys, then batch deletes of 25
 * (unprocessed ones retried with backoff), `concurrency` partitions at once. Idempotent.
 */
export async function deletePartitions(
  client: DynamoDBClient,
  table: string,
  partitions: readonly string[],
  concurrency: number,
): Promise<PartitionsDeleted> {
  const documents = doc(client)
  const total: PartitionsDeleted = { items: 0, sessions: 0 }
  const one = async (pk: string) => {
    let start: Record<string, unknown> | undefined
    const keys: { pk: string; sk: string }[] = []
    do {
      const page = await documents.send(
        new QueryCommand({
          TableName: table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ProjectionExpression: 'pk, sk',
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      )
      for (const item of page.Items ?? []) keys.push({ pk, sk: item.sk as string })
      start = page.LastEvaluatedKey
    } while (start)
    for (let i = 0; i < keys.length; i += BATCH) {
      let requests = keys.slice(i, i + BATCH).map((Key) => ({ DeleteRequest: { Key } }))
      for (let attempt = 0; requests.length > 0; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 2000)))
        const out = await documents.send(
          new BatchWriteCommand({ RequestItems: { [table]: requests } }),
        )
        requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests
        if (attempt > 10 && requests.length > 0)
          throw new Error(`${requests.length} deletes of partition still unprocessed`)
      }
    }
    total.items += keys.length
    total.sessions += keys.filter((k) => k.sk.startsWith(SESSION_SK_PREFIX)).length
  }
  const queue = [...partitions]
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let pk = queue.shift(); pk !== undefined; pk = queue.shift()) await one(pk)
    }),
  )
  return total
}
