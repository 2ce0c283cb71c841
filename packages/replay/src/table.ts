import {
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceNotFoundException,
  ScanCommand,
} from '@aws-sdk/client-dynamodb'
import { createSessionTable } from '@clickstream/sessionizer-lambda'
import { TableExistsError } from './errors.js'

/** `fresh`: the table must not exist and is created; `existing`: created unless it exists (consent). */
export type TableMode = 'fresh' | 'existing'

/** Makes the target table ready: created like the sessionizer's (`createSessionTable`). */
export async function prepareTable(client: DynamoDBClient, table: string, mode: TableMode) {
  if (mode === 'fresh' && (await tableExists(client, table))) throw new TableExistsError(table)
  await createSessionTable(client, table)
}

export async function tableExists(client: DynamoDBClient, table: string): Promise<boolean> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table }))
    return true
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false
    throw error
  }
}

/** Sessions in the table: items of its sparse `bySessionId` index (no state, no tombstone). */
export async function countSessions(client: DynamoDBClient, table: string): Promise<number> {
  let count = 0
  let start: Record<string, never> | undefined
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        IndexName: 'bySessionId',
        Select: 'COUNT',
        ExclusiveStartKey: start,
      }),
    )
    count += page.Count ?? 0
    start = page.LastEvaluatedKey as typeof start
  } while (start)
  return count
}

/** `<base>-replay-20260301t100000z`: a fresh table's default name (DynamoDB names allow `[a-zA-Z0-9_.-]`). */
export const freshTableName = (base: string, now: number) =>
  `${base}-replay-${new Date(now).toISOString().slice(0, 19).replace(/[-:]/g, '').toLowerCase()}z`
