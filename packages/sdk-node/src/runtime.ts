import type { Compress } from './compress/compress.js'
import type { HttpTransport, HttpTransportOptions } from './transport/http.js'

/** What an entry (Node, edge) gives the runtime-neutral client. */
export interface Runtime {
  /** Gzip for request bodies: `node:zlib` on Node, `CompressionStream` elsewhere. */
  compress: Compress | undefined
  /** `maxQueueBytes` when the options leave it out, sized for the runtime's memory. */
  maxQueueBytes: number
  /** Shows an operator a warning with a code (`process.emitWarning` on Node). */
  warn(message: string, code: string): void
  /** The HTTP transport when no `fetch` option is given. @default the `fetch` transport */
  httpTransport?: (options: Omit<HttpTransportOptions, 'fetch'>) => HttpTransport
}
