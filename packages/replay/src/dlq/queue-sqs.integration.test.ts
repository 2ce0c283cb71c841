import { CreateQueueCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { localClientConfig } from '@clickstream/local-aws'
import { afterAll, describe, expect, it } from 'vitest'
import { dlqQueueContract } from './dlq-queue.contract.js'
import { createSqsDlqQueue, regionOfQueueUrl } from './queue-sqs.js'

describe('regionOfQueueUrl', () => {
  it("reads an SQS URL's region, and nothing from another URL", () => {
    expect(regionOfQueueUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/dlq')).toBe(
      'eu-west-1',
    )
    expect(regionOfQueueUrl('http://127.0.0.1:9324/000000000000/dlq')).toBeUndefined()
  })
})

/**
 * The SQS adapter against an SQS-compatible server, when one is given: this workspace has no
 * local SQS (kinesalite and dynalite have no SQS sibling), so by default only the memory adapter
 * runs the contract.
 */
const endpoint = process.env.CLICKSTREAM_TEST_SQS_ENDPOINT
const client = endpoint ? new SQSClient(localClientConfig(endpoint)) : undefined
afterAll(() => client?.destroy())
let queues = 0

describe.skipIf(!client)('SQS adapter (CLICKSTREAM_TEST_SQS_ENDPOINT)', () => {
  dlqQueueContract('SQS', async (bodies) => {
    const sqs = client as SQSClient
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: `replay-contract-${Date.now()}-${++queues}` }),
    )
    if (!QueueUrl) throw new Error('CreateQueue answered no QueueUrl')
    for (const body of bodies)
      await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }))
    return createSqsDlqQueue({ client: sqs, url: QueueUrl })
  })
})
