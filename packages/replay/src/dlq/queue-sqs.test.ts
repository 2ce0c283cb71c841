import { describe, expect, it } from 'vitest'
import { regionOfQueueUrl } from './queue-sqs.js'

describe('regionOfQueueUrl', () => {
  it("reads an SQS URL's region, and nothing from another URL", () => {
    expect(regionOfQueueUrl('https://sqs.eu-west-1.amazonaws.com/123456789012/dlq')).toBe(
      'eu-west-1',
    )
    expect(regionOfQueueUrl('http://127.0.0.1:9324/000000000000/dlq')).toBeUndefined()
  })
})
