// Runs in the page (bundled by adapters-page.ts): the SDK's real adapters, driven from the test.
import type { SendOptions, StoredEvent } from '@clickstream/sdk-core'
import { type LockContender, lockContender } from '@clickstream/sdk-core/testing'
import { createWebLock } from '../../src/lock/web-locks.js'
import { createBeaconTransport } from '../../src/transport/beacon.js'
import { createFetchTransport } from '../../src/transport/fetch.js'

export type TransportKind = 'fetch' | 'beacon'

const contenders: LockContender[] = []

const adapters = {
  /** A contender over the Web Lock `name` in this tab; returns its index for the calls below. */
  contender(name: string): number {
    const lock = createWebLock(name)
    if (!lock) throw new Error('no navigator.locks in this browser')
    return contenders.push(lockContender(lock)) - 1
  },
  call: (i: number, task: Parameters<LockContender['call']>[0]) => contenders[i]?.call(task),
  hold: (i: number) => contenders[i]?.hold(),
  release: (i: number) => contenders[i]?.release(),
  /** One send through a transport; the error (an object the test cannot receive) as text. */
  async send(
    kind: TransportKind,
    url: string,
    writeKey: string,
    events: readonly StoredEvent[],
    options?: SendOptions,
  ) {
    const create = kind === 'fetch' ? createFetchTransport : createBeaconTransport
    const result = await create({ url, writeKey }).send(events, options)
    return {
      ...result,
      ...(result.error === undefined ? {} : { error: String(result.error) }),
    }
  },
}

export type PageAdapters = typeof adapters
;(globalThis as unknown as { adapters: PageAdapters }).adapters = adapters
