-- person_sessions: `sessions` with their person, by the same rule as person_events at the session's
-- start: a session that signs up mid-way is its user's, from its first page.
SELECT
  x.*,
  CASE
    WHEN x.user_id <> '' THEN concat('user:', x.user_id)
    WHEN s.user_id IS NOT NULL THEN concat('user:', s.user_id)
    ELSE concat('anon:', x.anonymous_id)
  END AS person_id
FROM sessions AS x
LEFT JOIN identity_segments AS s
  ON s.anonymous_id = x.anonymous_id
  AND (s.segment = 1 OR x.started_at >= s.valid_from)
  AND (s.valid_to IS NULL OR x.started_at < s.valid_to)
