-- Sessions and users per traffic channel, source and medium, per day (a session counts on the day it started).
SELECT
  event_date,
  channel,
  traffic_source,
  traffic_medium,
  count(*) AS sessions,
  count(DISTINCT coalesce(user_id, anonymous_id)) AS users
FROM counted_sessions
GROUP BY event_date, channel, traffic_source, traffic_medium
ORDER BY event_date, sessions DESC, channel, traffic_source, traffic_medium
