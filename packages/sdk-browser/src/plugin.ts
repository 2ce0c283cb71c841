import type { Message } from '@clickstream/schema'
import { errorText } from '@clickstream/sdk-core'

/**
 * Runs on every event before it is queued: return the message (changed in place or a new one) to
 * keep it, `null` or `false` to drop it. May be async. A plugin that throws drops the event with
 * a debug message; it never breaks the page.
 */
export type Plugin = (message: Message) => PluginResult | Promise<PluginResult>
// biome-ignore lint/suspicious/noConfusingVoidType: a plugin that only mutates returns nothing
type PluginResult = Message | null | false | undefined | void

/** Runs `plugins` in order: the final message, or the reason it was dropped. */
export async function runPlugins(
  plugins: readonly Plugin[],
  message: Message,
): Promise<{ ok: true; message: Message } | { ok: false; reason: string }> {
  let current = message
  for (const plugin of plugins) {
    const name = plugin.name || 'anonymous'
    try {
      // a non-function "plugin" throws here and drops the event with that reason
      const out = await plugin(current)
      if (out === null || out === false) return { ok: false, reason: `dropped by plugin ${name}` }
      if (out) current = out
    } catch (error) {
      return {
        ok: false,
        reason: `plugin ${name} threw: ${errorText(error)}`,
      }
    }
  }
  return { ok: true, message: current }
}
