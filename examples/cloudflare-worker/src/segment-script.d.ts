/** The virtual module src/build.ts embeds: the Segment build of the SDK, precompressed. */
declare module 'clickstream:segment-script' {
  import type { SegmentScriptSource } from '@clickstream/collector'
  export const segmentScript: SegmentScriptSource
}
