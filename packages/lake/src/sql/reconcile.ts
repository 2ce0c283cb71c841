import { type DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb'
import { SESSION_SK_PREFIX } from '@clickstream/sessionizer-lambda'
import { SessionsTableError } from '../errors.js'
import type { Lake, QueryResult } from './open-lake.js'
import { bodyOf, readSql } from './sql-text.js'

/** What reconciliation compares of one session the sessionizer wrote. */
export interface StoredSession {
  sessionId: string
  key: string
  userId?: string
  startedAt: string
  endedAt: string
  eventCount: number
  /** The enrichment it was written with; absent on sessions written before enrichment. */
  deviceType?: string
  country?: string
  channel?: string
  bot?: boolean
}

/** The live sessions of the sessionizer's table (session items; no tombstones, states or dead letters). */
export async function readStoredSessions(
  client: DynamoDBClient,
  tableName: string,
): Promise<StoredSession[]> {
  const sessions: StoredSession[] = []
  try {
    const pages = paginateScan(
      { client },
      {
        TableName: tableName,
        FilterExpression: 'begins_with(sk, :prefix) AND attribute_not_exists(removed)',
        ExpressionAttributeValues: { ':prefix': { S: SESSION_SK_PREFIX } },
        ProjectionExpression:
          'sessionId, #k, userId, startedAt, endedAt, eventCount, deviceType, country, channel, bot',
        ExpressionAttributeNames: { '#k': 'key' },
      },
    )
    for await (const page of pages)
      for (const item of page.Items ?? []) {
        const session: StoredSession = {
          sessionId: item.sessionId?.S ?? '',
          key: item.key?.S ?? '',
          startedAt: item.startedAt?.S ?? '',
          endedAt: item.endedAt?.S ?? '',
          eventCount: Number(item.eventCount?.N ?? 0),
        }
        if (item.userId?.S) session.userId = item.userId.S
        if (item.deviceType?.S) session.deviceType = item.deviceType.S
        if (item.country?.S) session.country = item.country.S
        if (item.channel?.S) session.channel = item.channel.S
        if (item.bot?.BOOL !== undefined) session.bot = item.bot.BOOL
        sessions.push(session)
      }
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
    throw new SessionsTableError(
      `cannot read the sessions table ${tableName} (${reason}); is the local pipeline (pnpm start) running, or give --dynamodb/--table`,
      { cause: error },
    )
  }
  return sessions
}

/** The documented diff query (`sql/reconcile.sql`). */
export const RECONCILE_SQL = bodyOf(readSql('.', 'reconcile.sql'))

/**
 * Loads `sessions` into the lake's DuckDB as `dynamodb_sessions` and runs the diff query: the
 * sessions that are in one side only, or whose start, end, event count, device type, country,
 * channel or bot flag differ.
 */
export async function reconcileSessions(
  lake: Lake,
  sessions: readonly StoredSession[],
): Promise<QueryResult> {
  const { connection } = lake
  await connection.run(
    'CREATE OR REPLACE TABLE dynamodb_sessions (session_id VARCHAR, "key" VARCHAR, user_id VARCHAR, started_ms BIGINT, ended_ms BIGINT, event_count BIGINT, device_type VARCHAR, country VARCHAR, channel VARCHAR, is_bot BOOLEAN)',
  )
  const appender = await connection.createAppender('dynamodb_sessions')
  const text = (value: string | undefined) =>
    value === undefined ? appender.appendNull() : appender.appendVarchar(value)
  for (const session of sessions) {
    appender.appendVarchar(session.sessionId)
    appender.appendVarchar(session.key)
    text(session.userId)
    appender.appendBigInt(BigInt(Date.parse(session.startedAt)))
    appender.appendBigInt(BigInt(Date.parse(session.endedAt)))
    appender.appendBigInt(BigInt(session.eventCount))
    text(session.deviceType)
    text(session.country)
    text(session.channel)
    if (session.bot === undefined) appender.appendNull()
    else appender.appendBoolean(session.bot)
    appender.endRow()
  }
  appender.closeSync()
  const reader = await connection.runAndReadAll(RECONCILE_SQL)
  return { columns: reader.columnNames(), rows: reader.getRowsJson() as unknown[][] }
}
