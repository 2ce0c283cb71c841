import type { Source } from '../auth/sources.js'

/**
 * What RudderStack's JS SDK (3.x) fetches from `GET /sourceConfig/` before it sends anything: the
 * shape its `isValidSourceConfig` checks (`source.id`, `source.config` an object, `destinations`
 * an array) with nothing else in it. No destinations: the collector is the only place events go
 * (cloud mode), so the SDK loads no device-mode integration. Error and metrics reporting
 * (`statsCollection`) are off, so the SDK does not post to `/rsaMetrics` on its own account.
 */
export function rudderSourceConfig(source: Source) {
  return {
    source: {
      id: source.id,
      name: source.id,
      workspaceId: 'clickstream',
      enabled: true,
      config: {
        statsCollection: { errors: { enabled: false }, metrics: { enabled: false } },
      },
      destinations: [],
    },
  }
}
