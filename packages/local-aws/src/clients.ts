import { NodeHttpHandler } from '@smithy/node-http-handler'

/** kinesalite and dynalite check no signature: static credentials, so none are looked up. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' }

export const LOCAL_REGION = 'local'

/**
 * The AWS SDK client settings for a local endpoint: HTTP/1.1 (kinesalite has no HTTP/2; the
 * Kinesis client would default to it), static credentials, region `local`. Spread into any
 * client's config: `new KinesisClient({ ...localClientConfig(endpoint), maxAttempts: 1 })`.
 */
export function localClientConfig(endpoint: string) {
  return {
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: new NodeHttpHandler(),
  }
}
