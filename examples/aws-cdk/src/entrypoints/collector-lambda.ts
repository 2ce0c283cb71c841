import { createLambdaHandler } from '@clickstream/collector/lambda'
import { createAwsSourceReaders } from '../sources/aws-readers.js'
import { readSources } from '../sources/read-sources.js'

type CollectorHandler = ReturnType<typeof createLambdaHandler>

let instance: Promise<CollectorHandler> | undefined

/**
 * The collector's Lambda entry with its sources read from SSM or Secrets Manager on the first
 * invocation (never from the template). A failed read is retried on the next invocation.
 */
export const handler: CollectorHandler = async (event, context) => {
  instance ??= readSources(process.env, createAwsSourceReaders()).then((SOURCES) =>
    createLambdaHandler({ ...process.env, SOURCES }),
  )
  const loading = instance
  let collector: CollectorHandler
  try {
    collector = await loading
  } catch (error) {
    if (instance === loading) instance = undefined
    throw error
  }
  return collector(event, context)
}
