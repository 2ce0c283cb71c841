import { createMemoryTransport, type MemoryTransport } from '@clickstream/sdk-core'
import { afterEach, beforeEach } from 'vitest'
import { type Analytics, createAnalytics } from '../../src/analytics.js'
import type { AnalyticsOptions } from '../../src/options.js'

/** Clears cookies and storage between tests, and closes every analytics instance a test made. */
export function useCleanPage(): {
  create(
    options?: Partial<AnalyticsOptions>,
    transport?: MemoryTransport,
  ): { analytics: Analytics; transport: MemoryTransport }
} {
  const open: Analytics[] = []
  const clear = () => {
    localStorage.clear()
    for (const cookie of document.cookie.split('; ')) {
      // biome-ignore lint/suspicious/noDocumentCookie: clearing what the SDK wrote the same way
      if (cookie) document.cookie = `${cookie.split('=')[0]}=;path=/;max-age=0`
    }
  }
  beforeEach(clear)
  afterEach(() => {
    for (const a of open.splice(0)) a.close()
    clear()
  })
  return {
    create(options = {}, transport = createMemoryTransport()) {
      const analytics = createAnalytics({
        writeKey: 'wk_test',
        storage: 'memory',
        transport,
        ...options,
      })
      open.push(analytics)
      return { analytics, transport }
    },
  }
}
