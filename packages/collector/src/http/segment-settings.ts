/**
 * The settings document analytics.js (Segment's `@segment/analytics-next`) fetches from
 * `<cdnURL>/v1/projects/<writeKey>/settings` before it sends anything: only the Segment.io
 * destination, pointed at this collector (`apiHost` is `<host>/v1`, where analytics.js posts
 * `/t`, `/p`, `/i`, … and `/b`), no device-mode integrations, no remote plugins, and its own
 * telemetry off (`metrics.sampleRate: 0`; what it still sends to `/m` is answered and counted).
 */
export function segmentSettings(writeKey: string, host: string, protocol: 'http' | 'https') {
  return {
    integrations: {
      'Segment.io': {
        apiKey: writeKey,
        apiHost: `${host}/v1`,
        protocol,
        unbundledIntegrations: [],
        addBundledMetadata: true,
        maybeBundledConfigIds: {},
      },
    },
    plan: {
      track: { __default: { enabled: true, integrations: {} } },
      identify: { __default: { enabled: true } },
      group: { __default: { enabled: true } },
    },
    edgeFunction: {},
    analyticsNextEnabled: true,
    middlewareSettings: {},
    enabledMiddleware: {},
    metrics: { sampleRate: 0 },
    legacyVideoPluginsEnabled: false,
    remotePlugins: [],
  }
}
