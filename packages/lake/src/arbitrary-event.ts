import fc from 'fast-check'

const text = fc.oneof(fc.string(), fc.constantFrom('', 'ü ✓ 日本', '"quoted"'))
const maybe = <T>(a: fc.Arbitrary<T>) => fc.option(a, { nil: undefined })
/** Events of every type, decodable or not, with page, campaign and other context (the flatten tests). */
export const arbitraryEvent = fc.record(
  {
    type: fc.constantFrom('track', 'page', 'screen', 'identify', 'group', 'alias'),
    event: fc.string({ minLength: 1, maxLength: 40 }),
    name: text,
    userId: fc.string({ minLength: 1, maxLength: 20 }),
    groupId: fc.string({ minLength: 1, maxLength: 20 }),
    previousId: fc.string({ minLength: 1, maxLength: 20 }),
    messageId: fc.string({ minLength: 1, maxLength: 30 }),
    timestamp: fc.constant('2026-03-01T10:00:00.000Z'),
    receivedAt: fc.constant('2026-03-01T10:00:02.500Z'),
    sentAt: maybe(fc.constant('2026-03-01T10:00:01.000Z')),
    properties: maybe(fc.dictionary(fc.string(), fc.jsonValue())),
    context: maybe(
      fc.record(
        {
          ip: text,
          page: fc.dictionary(fc.constantFrom('url', 'path', 'title', 'x'), text),
          campaign: fc.dictionary(fc.constantFrom('name', 'source', 'y'), text),
          other: fc.jsonValue(),
          // The collector's violations of a flagged event, or anything a client put there.
          violations: fc.oneof(
            fc.array(
              fc.record({
                path: text,
                code: fc.constantFrom('required', 'invalid_type'),
                message: text,
              }),
            ),
            fc.jsonValue(),
          ),
        },
        { requiredKeys: [] },
      ),
    ),
  },
  {
    requiredKeys: [
      'type',
      'userId',
      'messageId',
      'timestamp',
      'receivedAt',
      'groupId',
      'previousId',
    ],
  },
)
