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
 * Dead letters as items of a DynamoDB table: partition `#dead-letter#<yyyy-mm-dd>`, sort key
 * `<at>#<shardId>#<sequenceNumber>#<n>` (a retried batch writes the same items again).
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
        entries.map((entry, n) =>
          doc.send(
            new PutCommand({
              TableName: options.tableName,
              Item: {
                ...entry,
                pk: deadLetterPartition(entry.at),
                sk: `${entry.at}#${entry.shardId}#${entry.sequenceNumber}#${n}`,
                ttl: Math.ceil((Date.parse(entry.at) + ttlMs) / 1000),
              },
            }),
          ),
        ),
      )
    },
    /** Dead letters of one UTC day (`yyyy-mm-dd`), oldest first. */
    async list(day) {
      const out = await doc.send(
        new QueryCommand({
          TableName: options.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': deadLetterPartition(day) },
        }),
      )
      return (out.Items ?? []).map(
        ({ pk: _pk, sk: _sk, ttl: _ttl, ...entry }) => entry as DeadLetterEntry,
      )
    },
  }
}
