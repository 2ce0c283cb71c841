import { personKey } from '@clickstream/privacy'
import { LAKE_COLUMNS } from '@clickstream/schema'
import { expect, it } from 'vitest'
import { athenaDeletionJob } from './athena-job.js'

it('the printed Athena job compares digests as personKey makes them and rewrites with the lake columns', async () => {
  const digest = await personKey('userId', 'ada')
  const job = athenaDeletionJob('req-1', [digest])
  expect(job).toContain(
    `lower(to_hex(sha256(to_utf8('userId:' || user_id)))) IN (\n    '${digest}'`,
  )
  expect(job).toContain("to_utf8('anonymousId:' || anonymous_id)")
  const unload = /UNLOAD \(SELECT (.+?) FROM/.exec(job)?.[1] ?? ''
  expect(unload.split(', ')).toEqual(LAKE_COLUMNS.map((c) => `"${c.name}"`))
  expect(unload).not.toContain('event_date')
  expect(job).toContain("TO 's3://<lake-bucket>/rewrite/req-1/event_date=D/'")
  expect(job).toMatch(/archiveExpireDays/)
})
