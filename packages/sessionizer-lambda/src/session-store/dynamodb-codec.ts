import { gunzipSync, gzipSync } from 'node:zlib'

/** JSON, gzipped: the state's facts repeat user agents, URLs and titles, which compress well. */
export const pack = (value: unknown): Uint8Array => gzipSync(JSON.stringify(value))

export const unpack = <T>(bytes: Uint8Array): T =>
  JSON.parse(gunzipSync(bytes).toString('utf8')) as T
