import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { NodeHttpHandler } from '@smithy/node-http-handler'

/** kinesalite and dynalite check no signature: static credentials, so none are looked up. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

export const LOCAL_REGION = 'local'

/** Where kinesalite and dynalite listen, e.g. `http://127.0.0.1:4567`. */
export interface LocalEndpoints {
  kinesis: string
  dynamodb: string
}

export interface LocalAwsClients {
  endpoints: LocalEndpoints
  kinesis: KinesisClient
  dynamodb: DynamoDBClient
  destroy(): void
}

/** Clients for kinesalite and dynalite: HTTP/1.1 (kinesalite has no HTTP/2), local credentials. */
export function createLocalAwsClients(endpoints: LocalEndpoints): LocalAwsClients {
  const aws = {
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: new NodeHttpHandler(),
  }
  const kinesis = new KinesisClient({ ...aws, endpoint: endpoints.kinesis })
  const dynamodb = new DynamoDBClient({ ...aws, endpoint: endpoints.dynamodb })
  return {
    endpoints,
    kinesis,
    dynamodb,
    destroy() {
      kinesis.destroy()
      dynamodb.destroy()
    },
  }
}
