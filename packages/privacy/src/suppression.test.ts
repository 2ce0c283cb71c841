import { expect, it } from 'vitest'
import { createSuppression, parseSuppression, personKey } from './suppression.js'

it('personKey is SHA-256 of kind:id (the same on every runtime)', async () => {
  // sha256("userId:u-1")
  const { createHash } = await import('node:crypto')
  expect(await personKey('userId', 'u-1')).toBe(
    createHash('sha256').update('userId:u-1').digest('hex'),
  )
  expect(await personKey('userId', 'u-1')).not.toBe(await personKey('anonymousId', 'u-1'))
})

it('an empty list suppresses nobody; empty or missing ids never match', async () => {
  const list = parseSuppression(
    JSON.stringify({ v: 1, ids: [await personKey('anonymousId', '')] }),
    'x',
  )
  const suppression = createSuppression(list)
  expect(await suppression.suppresses({ anonymousId: '' })).toBe(false)
  expect(await createSuppression({ v: 1, ids: [] }).suppresses({ userId: 'u' })).toBe(false)
})

it('refuses an unknown version and extra keys', () => {
  expect(() => parseSuppression('{"v":2,"ids":[]}', 'list')).toThrow(/list: v/)
  expect(() => parseSuppression('{"v":1,"ids":[],"names":["Ann"]}', 'list')).toThrow(
    /Unrecognized key/,
  )
})
