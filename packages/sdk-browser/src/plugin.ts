import type { Message } from '@clickstream/schema'

/**
 * Runs on every event before it is queued: return the message (changed in place or a new one) to
 * keep it, `null` or `false` to drop it. May be async. A plugin that throws drops the event with
 * a debug message; it never breaks the page.
 */
export type Plugin = (message: Message) => PluginResult | Promise<PluginResult>
// biome-ignore lint/suspicious/noConfusingVoidType: a plugin that only mutates returns nothing
type PluginResult = Message | null | false | undefined | void
