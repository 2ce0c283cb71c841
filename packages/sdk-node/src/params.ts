/** Fields every call takes (Segment analytics-node's object-style params). */
export interface CommonParams {
  /** At least one of `userId` and `anonymousId` is required. */
  userId?: string | number
  anonymousId?: string | number
  /** When the event happened. @default now */
  timestamp?: Date | string
  /** Merged over the SDK's context (`library`). */
  context?: Record<string, unknown>
  integrations?: Record<string, unknown>
  /** Set it to make retries by your own code idempotent. @default a random UUID */
  messageId?: string
}

export interface TrackParams extends CommonParams {
  event: string
  properties?: Record<string, unknown>
}

export interface IdentifyParams extends CommonParams {
  traits?: Record<string, unknown>
}

export interface PageParams extends CommonParams {
  name?: string
  category?: string
  properties?: Record<string, unknown>
}

export type ScreenParams = PageParams

export interface GroupParams extends CommonParams {
  groupId: string | number
  traits?: Record<string, unknown>
}

export interface AliasParams extends CommonParams {
  /** The new id. */
  userId: string | number
  /** The id the user had before (often the anonymousId). */
  previousId: string | number
}

/** Called once per call: without an error when its event was delivered, with one when it never will be. */
export type Callback = (error?: Error) => void
