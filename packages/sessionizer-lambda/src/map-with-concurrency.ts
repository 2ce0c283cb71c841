/**
 * `fn` over every item with at most `limit` calls in flight, started in the items' order; resolves
 * to the results in that order. After a call fails no new call starts: the calls in flight settle,
 * then it rejects with the first failure, so nothing of it is still running once it has settled.
 */
export async function mapWithConcurrency<T, R>(
  items: Iterable<T>,
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be a positive integer, got ${limit}`)
  }
  const list = [...items]
  const results = new Array<R>(list.length)
  let next = 0
  let failure: { error: unknown } | undefined
  const worker = async () => {
    while (failure === undefined && next < list.length) {
      const index = next++
      try {
        results[index] = await fn(list[index] as T, index)
      } catch (error) {
        failure ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, list.length) }, worker))
  if (failure) throw failure.error
  return results
}
