import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { KinesisClient } from '@aws-sdk/client-kinesis'
import { localClientConfig } from '@clickstream/local-aws'

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
  const kinesis = new KinesisClient(localClientConfig(endpoints.kinesis))
  const dynamodb = new DynamoDBClient(localClientConfig(endpoints.dynamodb))
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
