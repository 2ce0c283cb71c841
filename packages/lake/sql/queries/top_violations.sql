-- The 50 most frequent tracking-plan violations of flagged events: source, event, field and code, with the events and the last time seen.
SELECT
  source_id,
  coalesce(event, type) AS event,
  path,
  code,
  count(DISTINCT message_id) AS events,
  max("timestamp") AS last_seen,
  min(message) AS example
FROM violations
GROUP BY source_id, coalesce(event, type), path, code
ORDER BY events DESC, source_id, event, path, code
LIMIT 50
