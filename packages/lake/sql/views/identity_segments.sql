-- identity_segments: who an anonymous id is, over time: each link to a different user than the one
-- before starts a segment, valid until the next (a shared computer's next login); the first segment
-- also covers the history before its link (a sign-up claims its visitor's anonymous past).
WITH
ordered AS (
  SELECT
    anonymous_id,
    user_id,
    linked_at,
    lag(user_id) OVER (PARTITION BY anonymous_id ORDER BY linked_at, user_id) AS previous_user
  FROM identity_links
),
changes AS (
  SELECT anonymous_id, user_id, linked_at
  FROM ordered
  WHERE previous_user IS NULL OR previous_user <> user_id
)
SELECT
  anonymous_id,
  user_id,
  linked_at AS valid_from,
  lead(linked_at) OVER (PARTITION BY anonymous_id ORDER BY linked_at) AS valid_to,
  row_number() OVER (PARTITION BY anonymous_id ORDER BY linked_at) AS segment
FROM changes
