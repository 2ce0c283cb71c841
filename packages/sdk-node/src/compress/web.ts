import type { Compress } from './compress.js'

/**
 * Gzip with the Web `CompressionStream` (Node 18+, Deno, Bun, workerd, Vercel Edge), or
 * `undefined` in a runtime without it, where bodies are sent uncompressed.
 */
export function webGzip(): Compress | undefined {
  if (typeof globalThis.CompressionStream !== 'function') return undefined
  return async (body) => {
    const stream = new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'))
    return new Uint8Array(await new Response(stream).arrayBuffer())
  }
}
