/** The benchmarks' `track` call number `i`: a realistic product event (~320 bytes of JSON). */
export const benchTrack = (i: number) => ({
  userId: `user-${i % 1000}`,
  event: 'Product Viewed',
  properties: {
    sku: `SKU-${i % 500}`,
    price: 12.5,
    currency: 'EUR',
    position: i % 20,
    tags: ['bench', 'node'],
  },
})
