-- Sessions on which the lake's sessions view and the sessionizer's table disagree (no row: they agree).
-- `dynamodb_sessions` is the sessions table as `pnpm sql --reconcile` loads it: one row per live
-- session item (session_id, key, user_id, started_ms, ended_ms, event_count).
SELECT
  coalesce(l.session_id, d.session_id) AS session_id,
  coalesce(l."key", d."key") AS "key",
  CASE
    WHEN d.session_id IS NULL THEN 'only in lake'
    WHEN l.session_id IS NULL THEN 'only in dynamodb'
    ELSE 'differs'
  END AS difference,
  l.started_at AS lake_started_at,
  epoch_ms(d.started_ms) AS dynamodb_started_at,
  l.ended_at AS lake_ended_at,
  epoch_ms(d.ended_ms) AS dynamodb_ended_at,
  l.event_count AS lake_events,
  d.event_count AS dynamodb_events
FROM sessions AS l
FULL OUTER JOIN dynamodb_sessions AS d ON d.session_id = l.session_id
WHERE l.session_id IS NULL
  OR d.session_id IS NULL
  OR epoch_ms(l.started_at) <> d.started_ms
  OR epoch_ms(l.ended_at) <> d.ended_ms
  OR l.event_count <> d.event_count
ORDER BY 2, coalesce(epoch_ms(l.started_at), d.started_ms)
