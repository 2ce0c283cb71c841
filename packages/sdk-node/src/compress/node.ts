import { gzip } from 'node:zlib'
import type { Compress } from './compress.js'

/** Gzip with `node:zlib` on the libuv thread pool: cheaper than web streams on Node. Node entry only. */
export const nodeGzip: Compress = (body) =>
  new Promise((resolve, reject) => {
    gzip(body, { level: 6 }, (error, out) => (error ? reject(error) : resolve(out)))
  })
