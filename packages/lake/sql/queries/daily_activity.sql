-- Events, users and sessions per day (UTC event date).
SELECT
  event_date,
  count(*) AS events,
  count(DISTINCT coalesce(user_id, anonymous_id)) AS users
FROM events
GROUP BY event_date
ORDER BY event_date
