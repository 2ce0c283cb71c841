import { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { createRefreshing, createSuppressionProvider, parseSources } from '@clickstream/collector'
import { createLambdaHandler } from '@clickstream/collector/lambda'
import { createDynamoDbSuppressionStore } from '@clickstream/privacy/dynamodb'
import { createAwsSourceReaders } from '../sources/aws-readers.js'
import { readSources } from '../sources/read-sources.js'

type CollectorHandler = ReturnType<typeof createLambdaHandler>

const env = process.env
const readers = createAwsSourceReaders()
const ttlMs = Number(env.SOURCES_TTL_SECONDS ?? 60) * 1000
const log = (what: string) => (error: unknown) =>
  console.error(
    JSON.stringify({ level: 'ERROR', message: `cannot read ${what}`, error: String(error) }),
  )

/**
 * Sources re-read every SOURCES_TTL_SECONDS (a revoked write key stops working within it); when
 * they cannot be re-read, the last ones serve for up to ten TTLs, then requests get 503.
 */
const sources = createRefreshing({
  read: async () => parseSources(await readSources(env, readers), env.CORS_ORIGINS, { env }),
  ttlMs,
  maxStaleMs: 10 * ttlMs,
  onError: log('the sources'),
})

/** A rotation's three values: the one in force, the one on its way, the one before. */
const ORIGIN_STAGES = ['AWSCURRENT', 'AWSPENDING', 'AWSPREVIOUS'] as const

/**
 * Behind the CDN: the origin secret's current, pending and previous values (three reads), re-read
 * every ORIGIN_SECRET_TTL_SECONDS: the rotation waits two of those before CloudFront sends a new one.
 */
const originTtlMs = Number(env.ORIGIN_SECRET_TTL_SECONDS ?? 300) * 1000
const originSecret = env.ORIGIN_SECRET_ID
  ? createRefreshing({
      read: () => readers.secretStages(env.ORIGIN_SECRET_ID as string, ORIGIN_STAGES),
      ttlMs: originTtlMs,
      maxStaleMs: 10 * originTtlMs,
      onError: log('the origin secret'),
    })
  : undefined

/** Deleted people: the sessions table's `#suppression` partition, re-read every TTL. */
const suppression = env.SUPPRESSION_TABLE
  ? createSuppressionProvider(
      createDynamoDbSuppressionStore({
        // DYNAMODB_ENDPOINT: local services (tests); the region's endpoint on AWS.
        client: new DynamoDBClient(
          env.DYNAMODB_ENDPOINT ? { endpoint: env.DYNAMODB_ENDPOINT } : {},
        ),
        tableName: env.SUPPRESSION_TABLE,
      }).read,
      Number(env.SUPPRESSION_TTL_SECONDS ?? 60) * 1000,
      log('the suppression list'),
    )
  : undefined

let collector: CollectorHandler | undefined

/**
 * The collector's Lambda entry with its sources (and origin secret) from SSM or Secrets Manager,
 * never from the template, refreshed before an invocation is handled when they are due.
 */
export const handler: CollectorHandler = async (event, context) => {
  await Promise.all([sources.refresh(), originSecret?.refresh(), suppression?.refresh()])
  collector ??= createLambdaHandler(env, {
    sources: () => sources.current(),
    ...(suppression ? { suppression: () => suppression.current() } : {}),
    ...(originSecret
      ? {
          originVerify: {
            header: env.ORIGIN_SECRET_HEADER ?? 'x-origin-verify',
            values: () => originSecret.current() ?? [],
          },
        }
      : {}),
  })
  return collector(event, context)
}
