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
  v.violation.path AS path,
  v.violation.code AS code,
  v.violation.message AS message
FROM events AS e
CROSS JOIN (
  SELECT unnest(
    from_json(e.violations, '[{"path":"VARCHAR","code":"VARCHAR","message":"VARCHAR"}]')
  ) AS violation
) AS v
WHERE e.violations IS NOT NULL
