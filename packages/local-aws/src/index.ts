export { LOCAL_CREDENTIALS, LOCAL_REGION, localClientConfig } from './clients.js'
export { PortInUseError, StreamNotActiveError } from './errors.js'
export { createGracefulClose, type GracefulCloseOptions } from './graceful-close.js'
export {
  type LocalDynamoDB,
  type LocalKinesis,
  type LocalService,
  type LocalServiceOptions,
  startDynalite,
  startKinesalite,
} from './local-service.js'
export { ensureStream, readStream, type StreamRecord } from './streams.js'
