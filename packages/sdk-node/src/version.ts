/** Sent as `context.library` on every message. Kept equal to package.json by a test. */
export const LIBRARY = { name: '@clickstream/sdk-node', version: '0.1.0' } as const
