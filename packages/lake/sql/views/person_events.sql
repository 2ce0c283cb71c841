-- person_events: `events` with the person each belongs to: `user:<userId>` for an event with a
-- user id (the Node SDK's server events too), else the user its anonymous id was at that time
-- (identity_segments), else `anon:<anonymousId>` (a visitor never identified).
SELECT
  e.*,
  CASE
    WHEN e.user_id <> '' THEN concat('user:', e.user_id)
    WHEN s.user_id IS NOT NULL THEN concat('user:', s.user_id)
    ELSE concat('anon:', e.anonymous_id)
  END AS person_id
FROM events AS e
LEFT JOIN identity_segments AS s
  ON s.anonymous_id = e.anonymous_id
  AND (s.segment = 1 OR e."timestamp" >= s.valid_from)
  AND (s.valid_to IS NULL OR e."timestamp" < s.valid_to)
