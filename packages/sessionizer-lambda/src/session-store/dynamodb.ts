import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb'
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb'
import type { SessionRecord } from '@clickstream/schema'
import { emptyKeyState } from '../core/key-state.js'
import { StateTooLargeError } from '../errors.js'
import { packState, unpack, unpackState } from './dynamodb-codec.js'
import {
  BY_SESSION_ID_INDEX,
  BY_USER_ID_INDEX,
  SESSION_SK_PREFIX,
  STATE_SK,
  sessionSortKey,
} from './dynamodb-table.js'
import type { SessionRef, SessionStore } from './session-store.js'

export interface DynamoDbSessionStoreOptions {
  client: DynamoDBClient
  tableName: string
  /** How long tombstones of removed sessions are kept. @default 86_400_000 (1 day) */
  tombstoneTtlMs?: number
  /** @default Date.now */
  clock?: () => number
  /** Largest state payload written; larger commits throw `StateTooLargeError`. @default 380_000 (DynamoDB items: 400 KB) */
  maxStateBytes?: number
  /** Called with the write capacity units each write consumed (benchmarks). @default undefined */
  onWrite?: (units: number) => void
}

interface Outbox {
  upserts: SessionRecord[]
  removals: SessionRef[]
}

const noOutbox: Outbox = { upserts: [], removals: [] }

/**
 * `SessionStore` on one DynamoDB table (see `sessionTableDefinition`). A commit is a conditional
 * put of the key's state item (version check) that also carries the commit's session changes
 * (an outbox); the session items are then written, each guarded by the state version. A `load`
 * reads the outbox's items (one consistent query) and writes those still behind the state's
 * version, so a crash between the two steps never loses or reorders session writes.
 */
export function createDynamoDbSessionStore(options: DynamoDbSessionStoreOptions): SessionStore {
  const doc = DynamoDBDocumentClient.from(options.client, {
    marshallOptions: { removeUndefinedValues: true },
  })
  const TableName = options.tableName
  const clock = options.clock ?? Date.now
  const tombstoneTtlMs = options.tombstoneTtlMs ?? 86_400_000
  const maxStateBytes = options.maxStateBytes ?? 380_000

  /** A put that loses to a newer or equal version is fine; returns whether it won. */
  async function put(input: Omit<PutCommandInput, 'TableName'>): Promise<boolean> {
    try {
      const out = await doc.send(
        new PutCommand({
          TableName,
          ...input,
          ...(options.onWrite ? { ReturnConsumedCapacity: 'TOTAL' } : {}),
        }),
      )
      options.onWrite?.(out.ConsumedCapacity?.CapacityUnits ?? 0)
      return true
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) {
        options.onWrite?.(1)
        return false
      }
      throw error
    }
  }

  const newer = { ConditionExpression: 'attribute_not_exists(v) OR v < :v' }

  async function applyOutbox(key: string, version: number, outbox: Outbox) {
    const ttl = Math.ceil((clock() + tombstoneTtlMs) / 1000)
    await Promise.all([
      ...outbox.upserts.map((session) =>
        put({
          Item: {
            ...session,
            pk: key,
            sk: sessionSortKey(session.startedAt, session.sessionId),
            v: version,
          },
          ...newer,
          ExpressionAttributeValues: { ':v': version },
        }),
      ),
      ...outbox.removals.map((ref) =>
        put({
          Item: {
            pk: key,
            sk: sessionSortKey(ref.startedAt, ref.sessionId),
            v: version,
            removed: true,
            ttl,
          },
          ...newer,
          ExpressionAttributeValues: { ':v': version },
        }),
      ),
    ])
  }

  /** Writes the outbox entries whose items are still behind `version` (a crash cut a commit short). */
  async function finishOutbox(key: string, version: number, outbox: Outbox) {
    const sks = [...outbox.upserts, ...outbox.removals]
      .map((s) => sessionSortKey(s.startedAt, s.sessionId))
      .sort()
    if (sks.length === 0) return
    const items = await query({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lo AND :hi',
      ExpressionAttributeValues: { ':pk': key, ':lo': sks[0], ':hi': sks.at(-1) },
      ProjectionExpression: 'sk, v',
      ConsistentRead: true,
    })
    const written = new Map(items.map((item) => [item.sk as string, item.v as number]))
    const behind = (s: SessionRef) =>
      (written.get(sessionSortKey(s.startedAt, s.sessionId)) ?? 0) < version
    const pending = {
      upserts: outbox.upserts.filter(behind),
      removals: outbox.removals.filter(behind),
    }
    if (pending.upserts.length + pending.removals.length > 0)
      await applyOutbox(key, version, pending)
  }

  async function query(input: Omit<QueryCommandInput, 'TableName'>) {
    const items: Record<string, unknown>[] = []
    let ExclusiveStartKey: Record<string, unknown> | undefined
    do {
      const out = await doc.send(new QueryCommand({ TableName, ...input, ExclusiveStartKey }))
      items.push(...((out.Items ?? []) as Record<string, unknown>[]))
      ExclusiveStartKey = out.LastEvaluatedKey
    } while (ExclusiveStartKey)
    return items
  }

  const toSession = ({ pk: _pk, sk: _sk, v: _v, ...session }: Record<string, unknown>) =>
    session as SessionRecord

  return {
    async load(key) {
      const [state] = await query({
        KeyConditionExpression: 'pk = :pk AND sk = :state',
        ExpressionAttributeValues: { ':pk': key, ':state': STATE_SK },
        ConsistentRead: true,
      })
      if (!state) return { version: 0, state: emptyKeyState() }
      const version = state.v as number
      const stored = unpackState<Outbox>(state.data as Uint8Array)
      // Format 1 items kept the outbox in its own attribute.
      const outbox =
        stored.extra ?? (state.outbox ? unpack<Outbox>(state.outbox as Uint8Array) : noOutbox)
      await finishOutbox(key, version, outbox)
      return { version, state: stored.state }
    },
    async commit({ key, expectedVersion, state, upserts, removals }) {
      const version = expectedVersion + 1
      const outbox: Outbox = {
        upserts: [...upserts],
        removals: removals.map(({ sessionId, startedAt }) => ({ sessionId, startedAt })),
      }
      const data = packState(state, outbox)
      if (data.byteLength > maxStateBytes)
        throw new StateTooLargeError(key, data.byteLength, maxStateBytes)
      const won = await put({
        Item: { pk: key, sk: STATE_SK, v: version, data },
        ...(expectedVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(pk)' }
          : {
              ConditionExpression: 'v = :expected',
              ExpressionAttributeValues: { ':expected': expectedVersion },
            }),
      })
      if (!won) return { ok: false, reason: 'conflict' }
      await applyOutbox(key, version, outbox)
      return { ok: true, version }
    },
    async sessionsOfKey(key) {
      const items = await query({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
        FilterExpression: 'attribute_not_exists(removed)',
        ExpressionAttributeValues: { ':pk': key, ':prefix': SESSION_SK_PREFIX },
        ConsistentRead: true,
      })
      return items.map(toSession)
    },
    async getSession(sessionId) {
      // The index holds keys only (a session's id finds its item; the item has the record).
      const [keys] = await query({
        IndexName: BY_SESSION_ID_INDEX,
        KeyConditionExpression: 'sessionId = :id',
        ExpressionAttributeValues: { ':id': sessionId },
      })
      if (!keys) return undefined
      const out = await doc.send(new GetCommand({ TableName, Key: { pk: keys.pk, sk: keys.sk } }))
      return out.Item && !out.Item.removed ? toSession(out.Item) : undefined
    },
    async sessionsOfUser(userId) {
      const items = await query({
        IndexName: BY_USER_ID_INDEX,
        KeyConditionExpression: 'userId = :u',
        ExpressionAttributeValues: { ':u': userId },
      })
      return items.map(toSession)
    },
  }
}
