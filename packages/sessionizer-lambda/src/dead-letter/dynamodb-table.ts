import { createHash } from 'node:crypto'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb'
import { ConfigError, type ConfigProblem } from '../errors.js'
import { mapWithConcurrency } from '../map-with-concurrency.js'
import {
  byIdentity,
  type DeadLetter,
  type DeadLetterEntry,
  deadLetterDay,
  deadLetterId,
  ofDay,
} from './dead-letter.js'

export interface TableDeadLetterOptions {
  /**
   * Throttled puts (`ProvisionedThroughputExceededException`, `ThrottlingException`) are retried
   * by the client's own retry strategy (the SDK's standard mode: `maxAttempts` 3, exponential
   * backoff with jitter); a put refused after those makes `put` throw, and the handler hands the
   * records back to Lambda, whose retry overwrites the same items.
   */
  client: DynamoDBClient
  /** Usually the sessions table itself: dead letters live in their own partitions. */
  tableName: string
  /** Dead letters expire (DynamoDB TTL) this long after they were (last) set aside. @default 1_209_600_000 (14 days) */
  ttlMs?: number
  /**
   * Partitions per day (1–256), by a hash of each entry's identity. A partition takes at most
   * 1,000 write units a second, so 16 take a storm of 16,000 dead letters (of up to 1 KB) a second
   * per day before throttling. Changing it moves where new entries of a day go (`list` reads the new layout, and
   * keeps one item per identity): raise it, never lower it while a day's entries are kept. @default 16
   */
  shards?: number
  /** Most requests in flight at once, in a `put` (PutItem) and in a `list` (Query), 1–64. @default 8 */
  concurrency?: number
}

/** The limits of the options that shape the table's dead letters (`DEAD_LETTER_SHARDS`, `_CONCURRENCY`). */
export const TABLE_DEAD_LETTER_LIMITS = {
  shards: { min: 1, max: 256, default: 16 },
  concurrency: { min: 1, max: 64, default: 8 },
} as const

/**
 * Partition of the dead letters whose records reached the stream on one UTC day (`yyyy-mm-dd`)
 * and whose identity hashes to `shard`; without a shard, the one partition of the day that
 * versions before sharding wrote (still read by `list`).
 */
export const deadLetterPartition = (day: string, shard?: number) =>
  shard === undefined ? `#dead-letter#${day}` : `#dead-letter#${day}#${shard}`

/** The shard of an identity: the first 4 bytes of its SHA-256, modulo `shards`. Stable across deliveries. */
export const deadLetterShard = (id: string, shards: number): number =>
  createHash('sha256').update(id).digest().readUInt32BE(0) % shards

/**
 * Dead letters as items of a DynamoDB table: partition `#dead-letter#<day of arrivedAt>#<shard>`,
 * the shard a hash of the entry's identity (`deadLetterId`), which is also the sort key. All three
 * are the same on every delivery of the record, so putting an entry again (a conflict retry, a
 * redelivered batch, a retry after midnight) overwrites its item: each dead letter is stored once.
 * At most `concurrency` writes are in flight; after one fails no more start, and `put` throws.
 */
export function createTableDeadLetter(
  options: TableDeadLetterOptions,
): DeadLetter & { list(day: string): Promise<DeadLetterEntry[]> } {
  const shards = setting(options, 'shards')
  const concurrency = setting(options, 'concurrency')
  const doc = DynamoDBDocumentClient.from(options.client, {
    marshallOptions: { removeUndefinedValues: true },
  })
  const ttlMs = options.ttlMs ?? 14 * 86_400_000

  /** Every entry of one partition. */
  const query = async (pk: string) => {
    const entries: DeadLetterEntry[] = []
    let start: Record<string, unknown> | undefined
    do {
      const out = await doc.send(
        new QueryCommand({
          TableName: options.tableName,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': pk },
          ExclusiveStartKey: start,
        }),
      )
      for (const { pk: _pk, sk: _sk, ttl: _ttl, ...entry } of out.Items ?? []) {
        entries.push(entry as DeadLetterEntry)
      }
      start = out.LastEvaluatedKey
    } while (start)
    return entries
  }

  return {
    async put(entries) {
      await mapWithConcurrency(byIdentity(entries), concurrency, ([id, entry]) =>
        doc.send(
          new PutCommand({
            TableName: options.tableName,
            Item: {
              ...entry,
              pk: deadLetterPartition(deadLetterDay(entry), deadLetterShard(id, shards)),
              sk: id,
              ttl: Math.ceil((Date.parse(entry.at) + ttlMs) / 1000),
            },
          }),
        ),
      )
    },
    /**
     * Dead letters whose records reached the stream on one UTC day (`yyyy-mm-dd`), oldest first:
     * the day's shards and its unsharded partition (written before sharding); an identity found
     * in both once, as last set aside.
     */
    async list(day) {
      const partitions = [
        deadLetterPartition(day),
        ...Array.from({ length: shards }, (_, shard) => deadLetterPartition(day, shard)),
      ]
      const latest = new Map<string, DeadLetterEntry>()
      for (const entries of await mapWithConcurrency(partitions, concurrency, query)) {
        for (const entry of entries) {
          const id = deadLetterId(entry)
          const seen = latest.get(id)
          if (seen === undefined || entry.at >= seen.at) latest.set(id, entry)
        }
      }
      return ofDay([...latest.values()], day)
    },
  }
}

/** An option within its limits, or its default; a `ConfigError` naming it otherwise. */
function setting(options: TableDeadLetterOptions, name: keyof typeof TABLE_DEAD_LETTER_LIMITS) {
  const { min, max, default: fallback } = TABLE_DEAD_LETTER_LIMITS[name]
  const value = options[name] ?? fallback
  if (Number.isInteger(value) && value >= min && value <= max) return value
  const problem: ConfigProblem = {
    setting: name,
    message: `must be an integer from ${min} to ${max}, got ${value}`,
  }
  throw new ConfigError([problem])
}
