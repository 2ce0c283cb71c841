/** Gzips a request body. Entries pick one per runtime: `node:zlib` on Node, `CompressionStream` elsewhere. */
export type Compress = (body: string) => Promise<Uint8Array>
