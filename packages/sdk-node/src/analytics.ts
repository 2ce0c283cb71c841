import { type AnalyticsClient, type CloseResult, createClient } from './client.js'
import type { AnalyticsEvents, AnalyticsStats } from './events.js'
import type { AnalyticsOptions } from './options.js'
import type {
  AliasParams,
  Callback,
  GroupParams,
  IdentifyParams,
  PageParams,
  ScreenParams,
  TrackParams,
} from './params.js'
import type { Runtime } from './runtime.js'

/**
 * `new Analytics(options)`, as in Segment's analytics-node: a thin class over {@link createClient}.
 * Entries subclass it with their {@link Runtime}.
 */
export class AnalyticsBase implements AnalyticsClient {
  readonly #client: AnalyticsClient

  constructor(options: AnalyticsOptions, runtime: Runtime) {
    this.#client = createClient(options, runtime)
  }
  track(params: TrackParams, callback?: Callback): string {
    return this.#client.track(params, callback)
  }
  identify(params: IdentifyParams, callback?: Callback): string {
    return this.#client.identify(params, callback)
  }
  page(params: PageParams, callback?: Callback): string {
    return this.#client.page(params, callback)
  }
  screen(params: ScreenParams, callback?: Callback): string {
    return this.#client.screen(params, callback)
  }
  group(params: GroupParams, callback?: Callback): string {
    return this.#client.group(params, callback)
  }
  alias(params: AliasParams, callback?: Callback): string {
    return this.#client.alias(params, callback)
  }
  waitForRoom(): Promise<void> {
    return this.#client.waitForRoom()
  }
  flush(): Promise<void> {
    return this.#client.flush()
  }
  closeAndFlush(options?: { timeout?: number }): Promise<CloseResult> {
    return this.#client.closeAndFlush(options)
  }
  on<K extends keyof AnalyticsEvents>(
    type: K,
    listener: (event: AnalyticsEvents[K]) => void,
  ): () => void {
    return this.#client.on(type, listener)
  }
  stats(): AnalyticsStats {
    return this.#client.stats()
  }
}
