import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb'
import type { SessionRecord } from '@clickstream/schema'
import { createDynamoDbSessionStore, SESSION_SK_PREFIX } from '@clickstream/sessionizer-lambda'
import type { SessionsSource } from '../web/web-app.js'

const internal = ['pk', 'sk', 'v', 'removed']

/**
 * Sessions for the live views. Recent sessions across all keys need a scan: fine for a local
 * table; production reads a key's or a user's sessions through the table's keys and GSIs.
 */
export function createSessionsReader(client: DynamoDBClient, tableName: string): SessionsSource {
  const doc = DynamoDBDocumentClient.from(client)
  const store = createDynamoDbSessionStore({ client, tableName })
  return {
    async recent(limit) {
      const sessions: SessionRecord[] = []
      let start: Record<string, unknown> | undefined
      do {
        const page = await doc.send(
          new ScanCommand({
            TableName: tableName,
            FilterExpression: 'begins_with(sk, :prefix) AND attribute_not_exists(removed)',
            ExpressionAttributeValues: { ':prefix': SESSION_SK_PREFIX },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        )
        for (const item of page.Items ?? []) {
          for (const key of internal) delete item[key]
          sessions.push(item as SessionRecord)
        }
        start = page.LastEvaluatedKey
      } while (start)
      return sessions.sort((a, b) => b.endedAt.localeCompare(a.endedAt)).slice(0, limit)
    },
    get: (sessionId) => store.getSession(sessionId),
  }
}
