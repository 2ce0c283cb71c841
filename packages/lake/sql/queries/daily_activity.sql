-- Events, users and sessions per day (UTC event date; a session counts on the day it started), bots left out.
WITH
daily AS (
  SELECT
    event_date,
    count(*) AS events,
    count(DISTINCT coalesce(user_id, anonymous_id)) AS users
  FROM counted_events
  GROUP BY event_date
),
started AS (
  SELECT event_date, count(*) AS sessions FROM counted_sessions GROUP BY event_date
)
SELECT d.event_date, d.events, d.users, coalesce(s.sessions, 0) AS sessions
FROM daily AS d
LEFT JOIN started AS s ON s.event_date = d.event_date
ORDER BY d.event_date
