import { join } from 'node:path'
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'

const src = import.meta.dirname

describe('the browser-safe surface', () => {
  it('bundles lite plus type imports of the main entry without zod', async () => {
    const result = await build({
      stdin: {
        contents: `
          import type { Message, SessionRecord } from './index.js'
          import { checkJsonValue, MAX_MESSAGE_BYTES } from './lite.js'
          const m: Message = { type: 'track', event: 'e', userId: 'u' }
          const s: Partial<SessionRecord> = {}
          console.log(checkJsonValue(m), MAX_MESSAGE_BYTES, s)
        `,
        resolveDir: src,
        loader: 'ts',
      },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      conditions: ['@clickstream/source'],
      metafile: true,
    })
    const inputs = Object.keys(result.metafile.inputs)
    expect(inputs.filter((path) => path.includes('zod'))).toEqual([])
    expect(inputs.map((path) => path.split('/').pop())).not.toContain('messages.ts')
    expect(result.outputFiles[0]?.contents.byteLength).toBeLessThan(4096)
  })

  it('imports no zod from lite.ts', async () => {
    const result = await build({
      entryPoints: [join(src, 'lite.ts')],
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
    })
    expect(Object.keys(result.metafile.inputs).some((path) => path.includes('zod'))).toBe(false)
  })
})
