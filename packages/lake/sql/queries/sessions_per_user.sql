-- Sessions per user (userId, else anonymousId): the 100 users with the most sessions.
SELECT
  coalesce(user_id, anonymous_id) AS user_key,
  count(*) AS sessions,
  sum(event_count) AS events,
  min(started_at) AS first_seen,
  max(ended_at) AS last_seen
FROM counted_sessions
GROUP BY coalesce(user_id, anonymous_id)
ORDER BY sessions DESC, user_key
LIMIT 100
