import type { CostAssumptions } from './assumptions.js'

/** A change to the stack's defaults that cuts the bill, as the estimator prices it. */
export interface CostOption {
  name: string
  /** What it costs you besides money. */
  tradeOff: string
  change: Partial<CostAssumptions>
}

/** The options the README prices at 10 M events a day, against the defaults. */
const option = ([name, tradeOff, change]: [
  string,
  string,
  Partial<CostAssumptions>,
]): CostOption => ({
  name,
  tradeOff,
  change,
})

export const COST_OPTIONS: CostOption[] = (
  [
    [
      'retention 48 h (`-c retentionHours=48`)',
      'a dead-lettered batch can be re-driven for 1 more day, not 6',
      { retentionHours: 48 },
    ],
    [
      'retention 24 h (`-c retentionHours=24`)',
      'no re-drive past the maximum record age',
      { retentionHours: 24 },
    ],
    [
      'provisioned shards (`-c streamMode=provisioned -c shardCount=N`)',
      'you size and resize the shards; a hot key is capped at 1 MB/s',
      { provisioned: 1 },
    ],
    [
      'provisioned shards, retention 24 h',
      'both of the above',
      { provisioned: 1, retentionHours: 24 },
    ],
    [
      'batching window 10 s (`-c batchingWindowSeconds=10`)',
      'sessions up to 10 s later (the writes per batch fall too, not priced here)',
      { batchingWindowSeconds: 10 },
    ],
    ['no CDN (`-c cdn=false`)', 'no WAF, no edge TLS; the Function URL is public', { cdn: 0 }],
    [
      'no lake (`-c lake=false`)',
      'no Parquet, Glue table or Athena; the gzip archive stays',
      { lake: 0 },
    ],
  ] as [string, string, Partial<CostAssumptions>][]
).map(option)
