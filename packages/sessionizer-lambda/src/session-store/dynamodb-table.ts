import {
  CreateTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  ResourceInUseException,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb'

/** Sort key of a key's state item. */
export const STATE_SK = '#state'
/** Sort keys of session items: `session#<startedAt>#<sessionId>`, so a key's sessions sort by time. */
export const SESSION_SK_PREFIX = 'session#'
export const BY_SESSION_ID_INDEX = 'bySessionId'
export const BY_USER_ID_INDEX = 'byUserId'
/** The TTL attribute (epoch seconds) of sessions and tombstones. */
export const TTL_ATTRIBUTE = 'ttl'

export const sessionSortKey = (startedAt: string, sessionId: string) =>
  `${SESSION_SK_PREFIX}${startedAt}#${sessionId}`

/**
 * The sessions table: one partition per key holding its state item and sessions; a GSI
 * per session id and one per userId (sessions of a user across devices, in time order). Both
 * GSIs are sparse: tombstones carry neither attribute. On-demand billing.
 */
export function sessionTableDefinition(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      { AttributeName: 'sk', AttributeType: 'S' },
      { AttributeName: 'sessionId', AttributeType: 'S' },
      { AttributeName: 'userId', AttributeType: 'S' },
      { AttributeName: 'startedAt', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: BY_SESSION_ID_INDEX,
        KeySchema: [{ AttributeName: 'sessionId', KeyType: 'HASH' }],
        // getSession reads the item itself: the index needs to find it, not to copy it.
        Projection: { ProjectionType: 'KEYS_ONLY' },
      },
      {
        IndexName: BY_USER_ID_INDEX,
        KeySchema: [
          { AttributeName: 'userId', KeyType: 'HASH' },
          { AttributeName: 'startedAt', KeyType: 'RANGE' },
        ],
        // sessionsOfUser lists whole sessions in one Query: keys only would make it one read per session.
        Projection: { ProjectionType: 'ALL' },
      },
    ],
  }
}

/** Creates the sessions table (no-op when it exists) and waits until it is active. */
export async function createSessionTable(client: DynamoDBClient, tableName: string) {
  try {
    await client.send(new CreateTableCommand(sessionTableDefinition(tableName)))
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error
  }
  await waitUntilTableExists({ client, maxWaitTime: 60, minDelay: 1 }, { TableName: tableName })
}
