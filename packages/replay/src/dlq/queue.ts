/** A message of the sessionizer's dead-letter queue, as received. */
export interface DlqQueueMessage {
  /** The queue's id of the message (SQS `MessageId`). */
  id: string
  /** What deletes or releases this receipt of it (SQS `ReceiptHandle`). */
  receiptHandle: string
  /** Lambda's on-failure record (`parseDlqMessage` reads it). */
  body: string
}

/**
 * The port `pnpm replay --dlq` drains: a received message is held (invisible to other receivers)
 * until it is deleted, released, or its hold times out. Adapters: SQS (`createSqsDlqQueue`) and
 * memory (`createMemoryDlqQueue`); both are held to `dlq-queue.contract.ts`.
 */
export interface DlqQueue {
  /** What the reports call it: the queue's URL. */
  describe: string
  /** Up to `max` messages (at most 10 a call), none held already; `[]` when there are none. */
  receive(max: number): Promise<DlqQueueMessage[]>
  /** Removes the received message for good. */
  delete(receiptHandle: string): Promise<void>
  /** Ends the hold on a received message: the next receive may return it again. */
  release(receiptHandle: string): Promise<void>
}

/** The most messages one receive returns (SQS `MaxNumberOfMessages`). */
export const RECEIVE_MAX = 10
