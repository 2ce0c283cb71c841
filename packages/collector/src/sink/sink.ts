/** One record for the stream: the bytes and the partition key that picks its shard. */
export interface SinkRecord {
  partitionKey: string
  data: Uint8Array
}

/** Why a put did not write every record. */
export type SinkFailureReason =
  /** Too many bytes already in flight: refused at once, nothing was sent. */
  | 'overloaded'
  /** The deadline passed, or the stream refused in a way retrying will not fix soon. */
  | 'unavailable'
  /** The sink is closing and takes no new records. */
  | 'closed'

export type PutResult =
  | { ok: true }
  | {
      ok: false
      reason: SinkFailureReason
      /** Records of this put not known to be written (some others may have been: clients re-send). */
      failed: number
      /** When the client should try again. */
      retryAfterSeconds: number
      message: string
    }

/**
 * Where accepted events (and, through a second sink, rejected ones) go. A put resolves once
 * every record is durably written, or with a failure: it never throws for stream trouble.
 */
export interface Sink {
  put(records: readonly SinkRecord[]): Promise<PutResult>
  /** Whether the stream is reachable and writable. */
  ready(): Promise<boolean>
  /** Takes no new records, finishes what is in flight, then resolves. */
  close(): Promise<void>
}

/** The answer of a sink that is closing to a put of `failed` records. */
export const closedResult = (failed: number): PutResult => ({
  ok: false,
  reason: 'closed',
  failed,
  retryAfterSeconds: 1,
  message: 'sink is closed',
})

/** Bytes a record counts against Kinesis limits: data plus partition key. */
export function recordBytes(record: SinkRecord): number {
  return record.data.byteLength + new TextEncoder().encode(record.partitionKey).byteLength
}
