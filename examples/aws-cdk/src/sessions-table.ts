import { RemovalPolicy } from 'aws-cdk-lib'
import {
  AttributeType,
  Billing,
  ProjectionType,
  TableEncryptionV2,
  TableV2,
} from 'aws-cdk-lib/aws-dynamodb'
import type { Construct } from 'constructs'
import type { ResolvedClickstreamConfig } from './config.js'

/** Names fixed by the sessionizer's table design (`sessionTableDefinition`, `TTL_ATTRIBUTE`). */
export const SESSION_TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  bySessionId: 'bySessionId',
  byUserId: 'byUserId',
  ttlAttribute: 'ttl',
} as const

/**
 * The sessions table as the sessionizer documents it: one partition per key (state item, applied
 * marker, sessions `session#<startedAt>#<id>`) plus its dead letters; sparse GSIs by session id
 * (keys only) and by user id (time-ordered, whole sessions); TTL on `ttl` (sessions expire
 * `sessionTtlDays` after they end, 400 by default); on-demand, point-in-time recovery.
 */
export function createSessionsTable(scope: Construct, config: ResolvedClickstreamConfig): TableV2 {
  const s = (name: string) => ({ name, type: AttributeType.STRING })
  return new TableV2(scope, 'SessionsTable', {
    partitionKey: s(SESSION_TABLE.partitionKey),
    sortKey: s(SESSION_TABLE.sortKey),
    billing: Billing.onDemand(),
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: SESSION_TABLE.ttlAttribute,
    encryption: TableEncryptionV2.dynamoOwnedKey(),
    deletionProtection: !config.destroyData,
    removalPolicy: config.destroyData ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN,
    globalSecondaryIndexes: [
      // Keys only: a session id finds the item, whose record is read from the table.
      {
        indexName: SESSION_TABLE.bySessionId,
        partitionKey: s('sessionId'),
        projectionType: ProjectionType.KEYS_ONLY,
      },
      // Whole sessions: listing a user's sessions stays one Query.
      { indexName: SESSION_TABLE.byUserId, partitionKey: s('userId'), sortKey: s('startedAt') },
    ],
  })
}
