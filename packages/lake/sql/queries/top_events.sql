-- The 20 most frequent track events, with the users who sent them.
SELECT
  event,
  count(*) AS events,
  count(DISTINCT coalesce(user_id, anonymous_id)) AS users
FROM counted_events
WHERE type = 'track'
GROUP BY event
ORDER BY events DESC, event
LIMIT 20
