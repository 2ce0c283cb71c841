import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { personKey } from '@clickstream/privacy'
import { createFileSuppressionStore } from '@clickstream/privacy/file'
import { waitFor } from '@clickstream/test-support'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config/env.js'
import { type RunningCollector, startNodeCollector } from '../src/entrypoints/node.js'
import { silentLogger } from '../src/logger.js'
import { basic, track } from './helpers.js'

const KEY = 'suppression-key'
const dir = mkdtempSync(join(tmpdir(), 'collector-suppression-'))
const file = join(dir, 'suppression.json')
let collector: RunningCollector

beforeAll(async () => {
  // A short TTL, so the test sees the re-read quickly; production's default is 60 s.
  collector = await startNodeCollector(
    loadConfig({
      PORT: '0',
      SOURCES: JSON.stringify({ [KEY]: { id: 'web' } }),
      SUPPRESSION_FILE: file,
      SUPPRESSION_TTL_SECONDS: '0.1',
    }),
    silentLogger,
  )
})
afterAll(async () => {
  await collector?.close()
  rmSync(dir, { recursive: true, force: true })
})

const send = async (userId: string) => {
  const res = await fetch(`${collector.url}/v1/batch`, {
    method: 'POST',
    headers: { authorization: basic(KEY), 'content-type': 'application/json' },
    body: JSON.stringify({ batch: [track({ userId })] }),
  })
  return (await res.json()) as { accepted: number; rejected: { errors: { code: string }[] }[] }
}

describe('Node entry with SUPPRESSION_FILE (a real server, the file re-read)', () => {
  it('a malformed list at start is a start-up error naming the file and the entry', async () => {
    const bad = join(dir, 'bad.json')
    writeFileSync(bad, JSON.stringify({ v: 1, ids: ['not-a-digest'] }))
    const config = loadConfig({
      PORT: '0',
      SOURCES: JSON.stringify({ [KEY]: { id: 'web' } }),
      SUPPRESSION_FILE: bad,
    })
    await expect(startNodeCollector(config, silentLogger)).rejects.toThrow(
      /SUPPRESSION_FILE: .*bad\.json: ids\.0: a SHA-256 hex digest/,
    )
  })

  it('a person added to the list is suppressed within the TTL; others are not', async () => {
    expect((await send('u-later-deleted')).accepted).toBe(1)
    await createFileSuppressionStore(file).add([await personKey('userId', 'u-later-deleted')])
    const addedAt = Date.now()
    await waitFor(async () => (await send('u-later-deleted')).accepted === 0, {
      what: 'the deleted person suppressed',
    })
    expect(Date.now() - addedAt).toBeLessThan(5000)
    expect((await send('u-later-deleted')).rejected[0]?.errors[0]?.code).toBe('suppressed')
    expect((await send('u-someone-else')).accepted).toBe(1)
  })
})
