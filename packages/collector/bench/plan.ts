/**
 * The benchmark's tracking plan: 100 events, one of them the benchmark body's `Product Viewed`
 * (`batchBody` of `@clickstream/test-support`), and a schema for its page calls: every event of
 * the load is checked. `flagging: true` plans `Product Viewed` with a property the body never
 * sends, so every track call is flagged (the slow path: the full validator and the violations).
 */
export function benchPlan(flagging = false): unknown {
  const product = {
    type: 'object',
    properties: {
      product_id: { type: 'string' },
      price: { type: 'number', minimum: 0 },
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
      position: { type: 'integer', minimum: 0 },
      ...(flagging ? { list_id: { type: 'string' } } : {}),
    },
    required: ['product_id', 'price', ...(flagging ? ['list_id'] : [])],
  }
  const events: Record<string, unknown> = { 'Product Viewed': { properties: product } }
  for (let i = 1; events && Object.keys(events).length < 100; i++) {
    events[`Bench Event ${i}`] = {
      description: `Planned event ${i} of the benchmark.`,
      properties: {
        type: 'object',
        properties: {
          item_id: { type: 'string' },
          amount: { type: 'number', minimum: 0 },
          kind: { enum: ['a', 'b', 'c'] },
        },
        required: ['item_id'],
      },
    }
  }
  return {
    name: flagging ? 'bench-flagging' : 'bench',
    naming: { events: 'Title Case', properties: 'snake_case' },
    unplanned: 'flag',
    violations: 'flag',
    events,
    page: {
      properties: {
        type: 'object',
        properties: { product_id: { type: 'string' }, price: { type: 'number' } },
      },
    },
  }
}
