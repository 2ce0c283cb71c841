export {
  type LocalConfig,
  loadConfig,
  localConfigSchema,
  parseDuration,
  parseSize,
} from './config.js'
export type {
  DeliveryDestination,
  DeliveryRecord,
  DeliverySummary,
} from './delivery/destination.js'
export {
  createLakeDelivery,
  type LakeDelivery,
  type LakeDeliveryOptions,
} from './delivery/lake-delivery.js'
export { createLakeDestination } from './delivery/lake-destination.js'
export { type LocalLake, startLocalLake } from './delivery/local-lake.js'
export { createMemoryDestination } from './delivery/memory-destination.js'
export { CheckpointFileError, ConfigError, RetriesExhaustedError, SdkBuildError } from './errors.js'
export {
  type Log,
  type PipelineOptions,
  type RunningPipeline,
  startLocalPipeline,
} from './pipeline.js'
export {
  type CheckpointStore,
  createFileCheckpoints,
  createMemoryCheckpoints,
} from './poller/checkpoints.js'
export {
  createPoller,
  type KinesisHandler,
  type Poller,
  type PollerOptions,
  type PollerStats,
} from './poller/poller.js'
export { buildSdkBundle, ensureSdkBundle, sdkBundlePath, snippetFor } from './sdk-bundle.js'
export {
  type SimulatedEnvelope,
  type SimulatedEnvelopeOptions,
  simulatedEnvelopes,
} from './simulate/envelopes.js'
export { generateJourneys, type JourneyOptions, type SimulatedCall } from './simulate/journeys.js'
export {
  type Analytics,
  type AnalyticsOptions,
  createAnalytics,
  type PanelAnswer,
} from './web/analytics.js'
export { createEventFeed, type EventFeed, type FeedEntry } from './web/event-feed.js'
export {
  lakePersons,
  type PersonDetail,
  type PersonSession,
  type PersonSummary,
  type PersonsSource,
} from './web/persons.js'
