import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, paginateQuery } from '@aws-sdk/lib-dynamodb'
import { batchWriteAll } from '@clickstream/privacy/dynamodb'
import {
  mapWithConcurrency,
  SESSION_SK_PREFIX,
  sessionTableDefinition,
} from '@clickstream/sessionizer-lambda'
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
    const pages = paginateQuery(
      { client: doc(client) },
      {
        TableName: table,
        IndexName: byUserIdIndex(table),
        KeyConditionExpression: 'userId = :u',
        ExpressionAttributeValues: { ':u': id },
        ProjectionExpression: 'pk, anonymousId',
      },
    )
    for await (const page of pages) {
      for (const item of page.Items ?? []) {
        partitions.add(item.pk as string)
        if (typeof item.anonymousId === 'string' && item.anonymousId !== '')
          add({ kind: 'anonymousId', id: item.anonymousId })
      }
    }
  }
  return { partitions: [...partitions], ids }
}

/** What deleting partitions removed. */
export interface PartitionsDeleted {
  /** Items in all (state, markers, sessions, outbox). */
  items: number
  sessions: number
}

/**
 * Deletes every item of each partition: a consistent query of its keys, then batch deletes
 * (`batchWriteAll`: unprocessed ones sent again after the shared backoff), `concurrency`
 * partitions at once. Idempotent.
 */
export async function deletePartitions(
  client: DynamoDBClient,
  table: string,
  partitions: readonly string[],
  concurrency: number,
): Promise<PartitionsDeleted> {
  const documents = doc(client)
  const deleted = await mapWithConcurrency(partitions, concurrency, async (pk) => {
    const keys: { pk: string; sk: string }[] = []
    const pages = paginateQuery(
      { client: documents },
      {
        TableName: table,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': pk },
        ProjectionExpression: 'pk, sk',
        ConsistentRead: true,
      },
    )
    for await (const page of pages) {
      for (const item of page.Items ?? []) keys.push({ pk, sk: item.sk as string })
    }
    await batchWriteAll(
      documents,
      table,
      keys.map((Key) => ({ DeleteRequest: { Key } })),
    )
    return keys
  })
  const keys = deleted.flat()
  return {
    items: keys.length,
    sessions: keys.filter((k) => k.sk.startsWith(SESSION_SK_PREFIX)).length,
  }
}
