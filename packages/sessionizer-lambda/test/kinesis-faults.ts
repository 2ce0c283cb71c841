import type {
  KinesisClient,
  PutRecordsCommandOutput,
  PutRecordsRequestEntry,
} from '@aws-sdk/client-kinesis'

/**
 * Fails some records of each `PutRecords` the way a throttled stream does: the others reach the
 * real stream, the failed ones come back with an `ErrorCode` in their place. `fails(n, record, i)`
 * picks record `i` of the `n`-th call (0-based). Fakes only inject faults; kinesalite stays real.
 */
export function throttleRecords(
  client: KinesisClient,
  fails: (call: number, record: PutRecordsRequestEntry, index: number) => boolean,
) {
  let calls = 0
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'PutRecordsCommand') return next(args)
      const input = args.input as { Records: PutRecordsRequestEntry[] }
      const call = calls++
      const failed = input.Records.map((record, i) => fails(call, record, i))
      const passing = input.Records.filter((_, i) => !failed[i])
      const real = passing.length
        ? ((await next({ ...args, input: { ...input, Records: passing } })) as {
            output: PutRecordsCommandOutput
          })
        : undefined
      const answers = [...(real?.output.Records ?? [])]
      const Records = failed.map((fail) =>
        fail
          ? { ErrorCode: 'ProvisionedThroughputExceededException', ErrorMessage: 'Rate exceeded' }
          : (answers.shift() ?? {}),
      )
      const output = {
        ...(real?.output ?? { $metadata: {} }),
        FailedRecordCount: failed.filter(Boolean).length + (real?.output.FailedRecordCount ?? 0),
        Records,
      }
      return { response: undefined, ...real, output } as Awaited<ReturnType<typeof next>>
    },
    { step: 'initialize', name: 'throttleRecords' },
  )
  return { calls: () => calls }
}
