import { describe, expect, it } from 'vitest'
import { createSuppression, personKey } from '../suppression.js'
import type { SuppressionStore } from './store.js'

/** What every suppression store must do; `make` gives a fresh, empty store. */
export function suppressionStoreContract(
  name: string,
  make: () => Promise<SuppressionStore>,
): void {
  describe(`suppression store contract: ${name}`, () => {
    it('starts empty, adds digests once each, and reads back what it holds', async () => {
      const store = await make()
      expect(await store.read()).toEqual({ v: 1, ids: [] })
      const a = await personKey('userId', 'u-1')
      const b = await personKey('anonymousId', 'anon-1')
      expect(await store.add([a, b, a])).toBe(2)
      expect(await store.add([a])).toBe(0)
      expect((await store.read()).ids).toEqual([a, b])
    })

    it('what it holds suppresses the people it names, and nobody else', async () => {
      const store = await make()
      await store.add([await personKey('userId', 'u-1')])
      const suppression = createSuppression(await store.read())
      expect(await suppression.suppresses({ userId: 'u-1', anonymousId: 'x' })).toBe(true)
      expect(await suppression.suppresses({ anonymousId: 'u-1' })).toBe(false)
      expect(await suppression.suppresses({ userId: 'u-2' })).toBe(false)
    })
  })
}
