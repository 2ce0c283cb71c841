import type { SinkStats } from './sink/batching.js'

/** Counters of the collector, rendered as Prometheus text on `GET /metrics` (Node entry). */
export interface Metrics {
  /** Events written to the stream. */
  accepted: number
  /** Invalid events set aside (rejected-events sink). */
  rejected: number
  /** Events a source's consent rule dropped (rejected-events sink, `consent_denied`). */
  consentDenied: number
  /** Events a source's consent rule stripped keys from (stored). */
  consentStripped: number
  /** Events of suppressed (deleted) people, not stored. */
  suppressed: number
  /** Events that broke their source's tracking plan, by what was done: `flagged` (stored), `blocked`. */
  planViolations: { flagged: number; blocked: number }
  /** Requests answered, by status. */
  requests: Map<number, number>
  /** SDKs' own telemetry answered and discarded (`/m`, `/rsaMetrics`), by route. */
  telemetry: Map<string, number>
}

export function createMetrics(): Metrics {
  return {
    accepted: 0,
    rejected: 0,
    consentDenied: 0,
    consentStripped: 0,
    suppressed: 0,
    planViolations: { flagged: 0, blocked: 0 },
    requests: new Map(),
    telemetry: new Map(),
  }
}

const counter = (name: string, help: string, lines: string[]) =>
  [`# HELP ${name} ${help}`, `# TYPE ${name} counter`, ...lines].join('\n')

/** Prometheus text exposition (version 0.0.4). `sinks` adds the stream sinks' record counters. */
export function renderMetrics(metrics: Metrics, sinks: Record<string, SinkStats> = {}): string {
  const blocks = [
    counter('collector_events_accepted_total', 'Events written to the stream.', [
      `collector_events_accepted_total ${metrics.accepted}`,
    ]),
    counter('collector_events_rejected_total', 'Invalid events set aside with their reasons.', [
      `collector_events_rejected_total ${metrics.rejected}`,
    ]),
    counter('collector_events_suppressed_total', 'Events of deleted people, not stored.', [
      `collector_events_suppressed_total ${metrics.suppressed}`,
    ]),
    counter('collector_events_consent_total', 'Events a consent rule dropped or stripped.', [
      `collector_events_consent_total{action="dropped"} ${metrics.consentDenied}`,
      `collector_events_consent_total{action="stripped"} ${metrics.consentStripped}`,
    ]),
    counter(
      'collector_events_plan_violations_total',
      "Events that broke their source's tracking plan, flagged (stored) or blocked.",
      [
        `collector_events_plan_violations_total{action="flagged"} ${metrics.planViolations.flagged}`,
        `collector_events_plan_violations_total{action="blocked"} ${metrics.planViolations.blocked}`,
      ],
    ),
    counter(
      'collector_requests_total',
      'Requests answered, by HTTP status.',
      [...metrics.requests].map(
        ([status, n]) => `collector_requests_total{status="${status}"} ${n}`,
      ),
    ),
    counter(
      'collector_sdk_telemetry_total',
      "SDKs' own telemetry requests answered and discarded, by route.",
      [...metrics.telemetry].map(
        ([route, n]) => `collector_sdk_telemetry_total{route="${route}"} ${n}`,
      ),
    ),
  ]
  const sinkCounter = (name: string, help: string, field: keyof SinkStats) =>
    counter(
      name,
      help,
      Object.entries(sinks).map(([sink, stats]) => `${name}{sink="${sink}"} ${stats[field]}`),
    )
  if (Object.keys(sinks).length > 0) {
    blocks.push(
      sinkCounter('collector_records_written_total', 'Stream records written.', 'written'),
      sinkCounter('collector_records_retried_total', 'Stream record retries.', 'retried'),
      sinkCounter('collector_records_failed_total', 'Stream records given up on.', 'failed'),
      sinkCounter('collector_put_calls_total', 'PutRecords calls made.', 'calls'),
    )
  }
  return `${blocks.join('\n')}\n`
}
