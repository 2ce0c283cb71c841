import { createHash } from 'node:crypto'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import type { DeadLetter, DeadLetterEntry } from './dead-letter.js'

export interface TableDeadLetterOptions {
  client: DynamoDBClient
  /** Usually the sessions table itself: dead letters live in their own partitions. */
  tableName: string
  /** Dead letters expire (DynamoDB TTL) this long after they were set aside. @default 1_209_600_000 (14 days) */
  ttlMs?: number
}

/** Partition of the dead letters set aside on one UTC day. */
export const deadLetterPartition = (at: string) => `#dead-letter#${at.slice(0, 10)}`

/**
 * Sort key of an entry: when, where from, and a digest of what (reason and data), so the events
 * of one record set aside by separate puts never overwrite each other, while a retried put of
 * the same entry writes the same item again.
 */
export const deadLetterSortKey = (entry: DeadLetterEntry) =>
  `${entry.at}#${entry.shardId}#${entry.sequenceNumber}#${createHash('sha256')
    .update(`${entry.reason}\n${entry.data}`)
    .digest('base64url')
    .slice(0, 22)}`

/**
 * Dead letters as items of a DynamoDB table: partition `#dead-letter#<yyyy-mm-dd>`, sort key
 * {@link deadLetterSortKey}. Idempotent: putting an entry again overwrites its item.
 */
export function createTableDeadLetter(
  options: TableDeadLetterOptions,
): DeadLetter & { list(day: string): Promise<DeadLetterEntry[]> } {
  const doc = DynamoDBDocumentClient.from(options.client, {
    marshallOptions: { removeUndefinedValues: true },
  })
  const ttlMs = options.ttlMs ?? 14 * 86_400_000
  return {
    async put(entries) {
      await Promise.all(
        entries.map((entry) =>
          doc.send(
            new PutCommand({
              TableName: options.tableName,
              Item: {
                ...entry,
                pk: deadLetterPartition(entry.at),
                sk: deadLetterSortKey(entry),
                ttl: Math.ceil((Date.parse(entry.at) + ttlMs) / 1000),
              },
            }),
          ),
        ),
      )
    },
    /** Dead letters of one UTC day (`yyyy-mm-dd`), oldest first, every page of the query. */
    async list(day) {
      const entries: DeadLetterEntry[] = []
      let start: Record<string, unknown> | undefined
      do {
        const out = await doc.send(
          new QueryCommand({
            TableName: options.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': deadLetterPartition(day) },
            ExclusiveStartKey: start,
          }),
        )
        for (const { pk: _pk, sk: _sk, ttl: _ttl, ...entry } of out.Items ?? []) {
          entries.push(entry as DeadLetterEntry)
        }
        start = out.LastEvaluatedKey
      } while (start)
      return entries
    },
  }
}
