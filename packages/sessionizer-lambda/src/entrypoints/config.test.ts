import { describe, expect, it } from 'vitest'
import { ConfigError } from '../errors.js'
import { parseEnv } from './config.js'

describe('parseEnv', () => {
  it('applies defaults', () => {
    expect(parseEnv({ TABLE_NAME: 'sessions' })).toEqual({
      TABLE_NAME: 'sessions',
      SESSION_GAP_MS: 1_800_000,
      MAX_SESSION_MS: 86_400_000,
      LATE_HORIZON_MS: 172_800_000,
      DEAD_LETTER_KIND: 'table',
      AWS_REGION: 'us-east-1',
    })
  })

  it('reads numbers and the dead-letter target', () => {
    const env = parseEnv({
      TABLE_NAME: 'sessions',
      SESSION_GAP_MS: '10000',
      DEAD_LETTER_KIND: 'kinesis',
      DEAD_LETTER_TARGET: 'dead-letters',
      DYNAMODB_ENDPOINT: 'http://127.0.0.1:4568',
    })
    expect(env).toMatchObject({ SESSION_GAP_MS: 10_000, DEAD_LETTER_TARGET: 'dead-letters' })
  })

  it('names every bad setting', () => {
    expect(() => parseEnv({ SESSION_GAP_MS: '-1', DEAD_LETTER_KIND: 'sns' })).toThrow(
      /TABLE_NAME.*SESSION_GAP_MS.*DEAD_LETTER_KIND/,
    )
    expect(() => parseEnv({ TABLE_NAME: 't', DEAD_LETTER_KIND: 'kinesis' })).toThrow(ConfigError)
  })
})
