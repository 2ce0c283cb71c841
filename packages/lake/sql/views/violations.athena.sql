-- violations: one row per tracking-plan violation the collector recorded on a flagged event (the
-- `violations` column, `context.violations`): the event's event_date, message_id, source_id, type,
-- event and timestamp, with the violation's path, code and message.
SELECT
  e.event_date,
  e.message_id,
  e.source_id,
  e.type,
  e.event,
  e."timestamp",
  json_extract_scalar(v.violation, '$.path') AS path,
  json_extract_scalar(v.violation, '$.code') AS code,
  json_extract_scalar(v.violation, '$.message') AS message
FROM events AS e
CROSS JOIN UNNEST(CAST(json_parse(e.violations) AS ARRAY(JSON))) AS v (violation)
WHERE e.violations IS NOT NULL
