import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import {
  byIdentity,
  type DeadLetter,
  type DeadLetterEntry,
  deadLetterDay,
  ofDay,
} from './dead-letter.js'

export interface TableDeadLetterOptions {
  client: DynamoDBClient
  /** Usually the sessions table itself: dead letters live in their own partitions. */
  tableName: string
  /** Dead letters expire (DynamoDB TTL) this long after they were (last) set aside. @default 1_209_600_000 (14 days) */
  ttlMs?: number
}

/** Partition of the dead letters whose records reached the stream on one UTC day (`yyyy-mm-dd`). */
export const deadLetterPartition = (day: string) => `#dead-letter#${day}`

/**
 * Dead letters as items of a DynamoDB table: partition `#dead-letter#<day of arrivedAt>`, sort
 * key the entry's identity (`deadLetterId`). Both are the same on every delivery of the
 * record, so putting an entry again (a conflict retry, a redelivered batch, a retry after
 * midnight) overwrites its item: each dead letter is stored once.
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
        [...byIdentity(entries)].map(([id, entry]) =>
          doc.send(
            new PutCommand({
              TableName: options.tableName,
              Item: {
                ...entry,
                pk: deadLetterPartition(deadLetterDay(entry)),
                sk: id,
                ttl: Math.ceil((Date.parse(entry.at) + ttlMs) / 1000),
              },
            }),
          ),
        ),
      )
    },
    /** Dead letters whose records reached the stream on one UTC day (`yyyy-mm-dd`), oldest first. */
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
      return ofDay(entries, day)
    },
  }
}
