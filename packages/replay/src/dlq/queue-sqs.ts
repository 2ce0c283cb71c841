import {
  ChangeMessageVisibilityCommand,
  DeleteMessageCommand,
  ReceiveMessageCommand,
  type ReceiveMessageCommandOutput,
  type SQSClient,
} from '@aws-sdk/client-sqs'
import { SourceUnreadableError } from '../errors.js'
import { type DlqQueue, type DlqQueueMessage, RECEIVE_MAX } from './queue.js'

export interface SqsDlqQueueOptions {
  /** The caller's: the queue does not destroy it. */
  client: SQSClient
  /** The queue's URL (the stack's sessionizer DLQ). */
  url: string
  /** How long a received message stays held: longer than its re-drive takes. @default 300 */
  visibilityTimeoutSeconds?: number
  /** How long a receive waits for a message (long polling). @default 1 */
  waitSeconds?: number
}

/**
 * The dead-letter queue on SQS: `ReceiveMessage` (up to 10, `WaitTimeSeconds` 1, held for
 * `VisibilityTimeout` 300 s), `DeleteMessage`, and `ChangeMessageVisibility` to 0 to release.
 * A queue that cannot be read (missing, denied) is a `SourceUnreadableError` naming its URL.
 */
export function createSqsDlqQueue({
  client,
  url,
  visibilityTimeoutSeconds = 300,
  waitSeconds = 1,
}: SqsDlqQueueOptions): DlqQueue {
  const refused = (what: string, error: unknown) =>
    new SourceUnreadableError(
      `the queue ${url}`,
      `${what}: ${(error as Error).name}: ${(error as Error).message}`,
      { cause: error },
    )
  return {
    describe: url,
    async receive(max) {
      let answer: ReceiveMessageCommandOutput
      try {
        answer = await client.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: Math.max(1, Math.min(max, RECEIVE_MAX)),
            WaitTimeSeconds: waitSeconds,
            VisibilityTimeout: visibilityTimeoutSeconds,
          }),
        )
      } catch (error) {
        throw refused('ReceiveMessage', error)
      }
      const messages: DlqQueueMessage[] = []
      for (const m of answer.Messages ?? []) {
        if (m.MessageId && m.ReceiptHandle)
          messages.push({ id: m.MessageId, receiptHandle: m.ReceiptHandle, body: m.Body ?? '' })
      }
      return messages
    },
    async delete(receiptHandle) {
      try {
        await client.send(new DeleteMessageCommand({ QueueUrl: url, ReceiptHandle: receiptHandle }))
      } catch (error) {
        throw refused('DeleteMessage', error)
      }
    },
    async release(receiptHandle) {
      try {
        await client.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: url,
            ReceiptHandle: receiptHandle,
            VisibilityTimeout: 0,
          }),
        )
      } catch (error) {
        throw refused('ChangeMessageVisibility', error)
      }
    },
  }
}

/** The region in an SQS queue URL (`https://sqs.<region>.amazonaws.com/…`), if it names one. */
export function regionOfQueueUrl(url: string): string | undefined {
  return /^https:\/\/sqs[.-]([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(url)?.[1]
}
