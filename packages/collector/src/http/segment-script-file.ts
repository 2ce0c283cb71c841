import { readFileSync } from 'node:fs'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import type { SegmentScript, SegmentScriptSource } from './segment-script.js'

/** The script with its gzip (level 9) and brotli (quality 11, text mode) copies, compressed once. */
export function compressSegmentScript(js: Uint8Array): SegmentScript {
  return {
    js,
    gzip: new Uint8Array(gzipSync(js, { level: 9 })),
    br: new Uint8Array(
      brotliCompressSync(js, {
        params: {
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: js.byteLength,
        },
      }),
    ),
  }
}

/** `segmentScript` from a file (Node, Lambda): read and compressed on the first request for it. */
export function segmentScriptFromFile(path: string): SegmentScriptSource {
  return () => compressSegmentScript(new Uint8Array(readFileSync(path)))
}
