-- Sessions on which the lake's sessions view and the sessionizer's table disagree (no row: they agree).
-- `dynamodb_sessions` is the sessions table as `pnpm sql --reconcile` loads it: one row per live
-- session item (session_id, key, user_id, started_ms, ended_ms, event_count, and its enrichment:
-- device_type, country, channel, is_bot).
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
  d.event_count AS dynamodb_events,
  l.device_type AS lake_device_type,
  d.device_type AS dynamodb_device_type,
  l.country AS lake_country,
  d.country AS dynamodb_country,
  l.channel AS lake_channel,
  d.channel AS dynamodb_channel,
  l.is_bot AS lake_is_bot,
  d.is_bot AS dynamodb_is_bot
FROM sessions AS l
FULL OUTER JOIN dynamodb_sessions AS d ON d.session_id = l.session_id
WHERE l.session_id IS NULL
  OR d.session_id IS NULL
  OR epoch_ms(l.started_at) <> d.started_ms
  OR epoch_ms(l.ended_at) <> d.ended_ms
  OR l.event_count <> d.event_count
  OR l.device_type IS DISTINCT FROM d.device_type
  OR l.country IS DISTINCT FROM d.country
  OR l.channel IS DISTINCT FROM d.channel
  OR l.is_bot IS DISTINCT FROM d.is_bot
ORDER BY 2, coalesce(epoch_ms(l.started_at), d.started_ms)
