import { describe, expect, it } from 'vitest'
import { SourcesError } from '../errors.js'
import { readSources, type SourceReaders } from './read-sources.js'

const json = '{"wk_live_secret":{"id":"web","allowedOrigins":["https://shop.example"]}}'

/** Readers over a map of names to values; a missing name fails like AWS would. */
function readers(values: Record<string, string>): SourceReaders & { calls: string[] } {
  const calls: string[] = []
  const read = (kind: string) => async (name: string) => {
    calls.push(`${kind}:${name}`)
    const value = values[`${kind}:${name}`]
    if (value === undefined)
      throw Object.assign(new Error('not found'), { name: 'ParameterNotFound' })
    return value
  }
  return { parameter: read('parameter'), secret: read('secret'), calls }
}

describe('readSources', () => {
  it('reads the SSM parameter named by SOURCES_PARAMETER', async () => {
    const r = readers({ 'parameter:/clickstream/sources': json })
    await expect(readSources({ SOURCES_PARAMETER: '/clickstream/sources' }, r)).resolves.toBe(json)
    expect(r.calls).toEqual(['parameter:/clickstream/sources'])
  })

  it('prefers the Secrets Manager secret named by SOURCES_SECRET', async () => {
    const r = readers({ 'secret:clickstream/sources': json })
    const env = { SOURCES_SECRET: 'clickstream/sources', SOURCES_PARAMETER: '/x' }
    await expect(readSources(env, r)).resolves.toBe(json)
    expect(r.calls).toEqual(['secret:clickstream/sources'])
  })

  it('falls back to SOURCES without calling AWS', async () => {
    const r = readers({})
    await expect(readSources({ SOURCES: json }, r)).resolves.toBe(json)
    expect(r.calls).toEqual([])
  })

  it('fails with the name, never the value, when the value is unusable', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /parameter \/p is empty/],
      [{ 'parameter:/p': '' }, /parameter \/p is empty/],
      [{ 'parameter:/p': 'wk_live_secret' }, /parameter \/p is not JSON/],
      [{ 'parameter:/p': '["wk_live_secret"]' }, /must be a JSON object/],
    ]
    for (const [values, message] of cases) {
      const error = await readSources({ SOURCES_PARAMETER: '/p' }, readers(values)).catch((e) => e)
      expect(error).toBeInstanceOf(SourcesError)
      expect(String(error.message)).not.toContain('wk_live_secret')
      if (Object.keys(values).length > 0) expect(error.message).toMatch(message)
      else expect(error.message).toMatch(/cannot read \/p: ParameterNotFound/)
    }
  })
})
