import type {
  KinesisClient,
  PutRecordsCommandOutput,
  PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis'

/**
 * Makes a real client's `PutRecords` calls be refused in part, as when a shard throttles:
 * `refuse(call, count)` names the entries of that call (0-based) to refuse; the rest reach the
 * stream, and the refused ones come back with an `ErrorCode` in their place. Fakes only inject
 * faults; kinesalite stays real.
 */
export function throttlePuts(
  client: KinesisClient,
  refuse: (call: number, count: number) => number[],
) {
  let calls = 0
  client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Records: PutRecordsRequestEntry[] }
      const refused = new Set(refuse(calls++, input.Records.length))
      const kept = input.Records.filter((_, i) => !refused.has(i))
      // Kinesis refuses a call without records: a fully refused call never reaches it.
      const result = kept.length
        ? await next({ ...args, input: { ...input, Records: kept } })
        : { output: { $metadata: {} }, response: {} }
      const accepted = [...((result.output as PutRecordsCommandOutput).Records ?? [])]
      const Records = input.Records.map((_, i) =>
        refused.has(i)
          ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' }
          : accepted.shift(),
      )
      return { ...result, output: { ...result.output, Records, FailedRecordCount: refused.size } }
    },
    { step: 'initialize', name: 'throttle' },
  )
  return { calls: () => calls }
}
