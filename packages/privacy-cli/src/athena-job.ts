import { LAKE_COLUMNS } from '@clickstream/schema'

/**
 * The lake's rewrite on AWS, as Athena SQL for the operator to run (the CLI prints it, never runs
 * it): the lake's Glue table is plain Parquet (no row-level DELETE), so each event date holding
 * the person's rows is rewritten with UNLOAD to a new prefix and swapped in for the partition's
 * objects. The raw archive is not rewritten: its lifecycle expiry bounds how long the rows stay.
 */
export function athenaDeletionJob(request: string, digests: readonly string[]): string {
  const list = digests.map((d) => `'${d}'`).join(',\n    ')
  const hit = (kind: string, column: string) =>
    `lower(to_hex(sha256(to_utf8('${kind}:' || ${column})))) IN (\n    ${list}\n  )`
  const columns = LAKE_COLUMNS.map((c) => `"${c.name}"`).join(', ')
  const match = `(${hit('userId', 'user_id')}\n  OR ${hit('anonymousId', 'anonymous_id')})`
  return `-- Lake rewrite for deletion ${request} (Athena engine v3; <database>: the stack's LakeDatabaseName output,
-- <lake-bucket>: its lake bucket). 1. The event dates holding the person's rows:
SELECT event_date, count(*) AS rows FROM "<database>"."events"
WHERE ${match}
GROUP BY event_date ORDER BY event_date;

-- 2. For each event date D listed: write the rows kept to a new prefix
UNLOAD (SELECT ${columns} FROM "<database>"."events" WHERE event_date = DATE 'D' AND NOT ${match})
TO 's3://<lake-bucket>/rewrite/${request}/event_date=D/'
WITH (format = 'PARQUET', compression = 'ZSTD');

-- 3. Then replace the partition's objects with the new ones (pause the lake's delivery stream for
--    the swap, or copy first and delete the old keys listed before the UNLOAD):
--    aws s3 rm --recursive s3://<lake-bucket>/events/event_date=D/
--    aws s3 mv --recursive s3://<lake-bucket>/rewrite/${request}/event_date=D/ s3://<lake-bucket>/events/event_date=D/
-- The raw archive keeps the person's records until its lifecycle deletes them: archiveExpireDays
-- (default 400) plus archiveNoncurrentDays (30) for the versions it leaves.`
}
