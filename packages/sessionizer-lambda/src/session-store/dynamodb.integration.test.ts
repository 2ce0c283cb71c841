import { startDynalite } from '../../test/dynalite.js'
import { createDynamoDbSessionStore } from './dynamodb.js'
import { createSessionTable } from './dynamodb-table.js'
import { testSessionStore } from './session-store.contract.js'

let dynamo: Awaited<ReturnType<typeof startDynalite>>

testSessionStore(
  'dynamodb (dynalite)',
  async () => {
    dynamo = await startDynalite()
    await createSessionTable(dynamo.client, 'sessions')
    return createDynamoDbSessionStore({ client: dynamo.client, tableName: 'sessions' })
  },
  async () => dynamo.close(),
)
