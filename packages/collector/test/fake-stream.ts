import type { RecordOutcome, SendRecords } from '../src/sink/batching.js'
import type { SinkRecord } from '../src/sink/sink.js'

/** A stand-in stream for fault injection: decides per call and per record what goes wrong. */
export interface FakeStream {
  send: SendRecords
  written: SinkRecord[]
  calls: SinkRecord[][]
  /** Per record: `undefined` writes it, a code fails it. */
  failRecord: (record: SinkRecord, call: number) => string | undefined
  /** Per call: throw to fail the whole call. */
  failCall: (call: number) => void
  /** Per call: how long the stream takes to answer, in ms (timers, so fake timers apply). */
  delayMs: (call: number) => number
}

export function createFakeStream(): FakeStream {
  const stream: FakeStream = {
    written: [],
    calls: [],
    failRecord: () => undefined,
    failCall: () => {},
    delayMs: () => 0,
    async send(records) {
      const call = stream.calls.length
      stream.calls.push([...records])
      const delay = stream.delayMs(call)
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay))
      stream.failCall(call)
      return records.map((record): RecordOutcome => {
        const code = stream.failRecord(record, call)
        if (code === undefined) {
          stream.written.push(record)
          return { ok: true }
        }
        return {
          ok: false,
          retryable:
            code === 'ProvisionedThroughputExceededException' || code === 'InternalFailure',
          code,
        }
      })
    },
  }
  return stream
}

export class FakeCallError extends Error {
  constructor(
    override readonly name: string,
    readonly retryable: boolean,
  ) {
    super(name)
  }
}

export const isFakeRetryable = (error: unknown) =>
  error instanceof FakeCallError ? error.retryable : true
