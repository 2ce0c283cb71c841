import type { TrackingPlanInput } from '../src/index.js'

/** The brief's example plan, used by the tests. */
export const shopPlan: TrackingPlanInput = {
  name: 'shop',
  naming: { events: 'Title Case', properties: 'snake_case' },
  unplanned: 'flag',
  violations: 'block',
  events: {
    'Order Completed': {
      description: 'A customer paid.',
      properties: {
        type: 'object',
        properties: {
          order_id: { type: 'string' },
          total: { type: 'number', minimum: 0 },
          currency: { enum: ['EUR', 'USD'] },
          items: {
            type: 'array',
            items: { $ref: '#/$defs/item' },
          },
        },
        required: ['order_id'],
        $defs: {
          item: {
            type: 'object',
            properties: { sku: { type: 'string' } },
            required: ['sku'],
            additionalProperties: false,
          },
        },
      },
    },
    'Product Viewed': {},
  },
  identify: {
    traits: { type: 'object', properties: { email: { type: 'string', format: 'email' } } },
  },
  group: { traits: { type: 'object' } },
}
