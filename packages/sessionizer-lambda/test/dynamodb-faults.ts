import {
  type DynamoDBClient,
  ProvisionedThroughputExceededException,
} from '@aws-sdk/client-dynamodb'

/** The sort key and version of a (marshalled) PutItem request, if it is one. */
export interface PutView {
  sk: string | undefined
  v: number | undefined
}

/** What to do with one request: let it through, throttle it, or hold it until a promise settles. */
export type FaultVerdict = undefined | 'throttle' | Promise<void>

/** Injects faults into a real client's requests (fakes only inject faults; dynalite stays real). */
export function injectFaults(client: DynamoDBClient, rule: (put: PutView) => FaultVerdict) {
  client.middlewareStack.add(
    (next) => async (args) => {
      const item = (args.input as { Item?: Record<string, { S?: string; N?: string }> }).Item
      const verdict = item
        ? rule({ sk: item.sk?.S, v: item.v?.N ? Number(item.v.N) : undefined })
        : undefined
      if (verdict === 'throttle') {
        throw new ProvisionedThroughputExceededException({
          message: 'Rate exceeded',
          $metadata: {},
        })
      }
      if (verdict) await verdict
      return next(args)
    },
    { step: 'build', name: 'injectFaults' },
  )
}

/**
 * Counts a real client's requests of one operation (`PutItem`, `Query`) in flight, from the
 * request's start to its last attempt's answer: `max` is the most at once so far.
 */
export function countInFlight(client: DynamoDBClient, operation: string) {
  const counts = { now: 0, max: 0, total: 0 }
  client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== `${operation}Command`) return next(args)
      counts.now++
      counts.total++
      counts.max = Math.max(counts.max, counts.now)
      try {
        return await next(args)
      } finally {
        counts.now--
      }
    },
    { step: 'initialize', name: `countInFlight${operation}` },
  )
  return counts
}
